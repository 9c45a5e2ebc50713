from credentials.models import Status
from tests.credentials.api.conftest import PROBLEM


def _url(version):
    return f"/api/v1/providers/uopl/micro-credentials/{version.micro_credential.code}/"


def test_reading_the_working_version_gives_its_etag(staff_api, draft):
    response = staff_api.get(_url(draft))

    assert response.status_code == 200
    assert response["ETag"] == f'"{draft.pk}-{draft.revision}"'
    assert response.json()["revision"] == draft.revision


def test_an_edit_without_if_match_answers_428(staff_api, draft):
    response = staff_api.patch(_url(draft), {"title": "New title"}, format="json")

    assert response.status_code == 428
    assert response["Content-Type"] == PROBLEM
    draft.refresh_from_db()
    assert draft.title != "New title"


def test_an_edit_with_a_stale_etag_answers_412(staff_api, draft):
    stale = f'"{draft.pk}-{draft.revision}"'
    staff_api.patch(_url(draft), {"title": "First"}, format="json", HTTP_IF_MATCH=stale)

    response = staff_api.patch(_url(draft), {"title": "Second"}, format="json", HTTP_IF_MATCH=stale)

    assert response.status_code == 412
    assert response["Content-Type"] == PROBLEM
    draft.refresh_from_db()
    assert draft.title == "First"


def test_an_edit_with_the_current_etag_saves_and_returns_a_new_etag(staff_api, draft):
    etag = staff_api.get(_url(draft))["ETag"]

    response = staff_api.patch(
        _url(draft), {"title": "Renamed", "skills": ["privacy"]}, format="json", HTTP_IF_MATCH=etag
    )

    assert response.status_code == 200, response.json()
    draft.refresh_from_db()
    assert draft.title == "Renamed"
    assert draft.skills == ["privacy"]
    assert response["ETag"] == f'"{draft.pk}-{draft.revision}"' != etag
    assert response.json()["title"] == "Renamed"


def test_an_invalid_edit_answers_400_with_field_errors(staff_api, draft):
    etag = staff_api.get(_url(draft))["ETag"]

    response = staff_api.patch(
        _url(draft), {"notional_hours": 0}, format="json", HTTP_IF_MATCH=etag
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["notional_hours"]


def test_editing_a_submitted_version_answers_409(
    staff_api, workflow, django_capture_on_commit_callbacks
):
    version = workflow.version_in(Status.SUBMITTED)
    etag = f'"{version.pk}-{version.revision}"'

    response = staff_api.patch(_url(version), {"title": "Late"}, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 409
    assert response["Content-Type"] == PROBLEM

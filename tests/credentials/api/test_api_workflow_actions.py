from credentials.api.public_cache import next_generation
from credentials.models import MicroCredentialVersion, Status
from tests.credentials.api.conftest import PROBLEM


def _url(version, action=""):
    code = version.micro_credential.code
    return f"/api/v1/providers/uopl/micro-credentials/{code}/{action}"


def test_a_member_submits_a_draft(staff_api, draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = staff_api.post(
            _url(draft, "submit/"), {"response": "Ready for review."}, format="json"
        )

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "submitted"
    # The automatic checks are queued (beside the public API cache's invalidation).
    assert len([call for call in callbacks if call is not next_generation]) == 1


def test_submitting_twice_answers_409_problem(staff_api, draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        staff_api.post(_url(draft, "submit/"), {}, format="json")
        response = staff_api.post(_url(draft, "submit/"), {}, format="json")

    assert response.status_code == 409
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == 409
    assert "submitted" in body["detail"]


def test_withdrawing_needs_a_reason_and_a_published_version(staff_api, workflow):
    draft = workflow.version_in(Status.DRAFT)
    assert staff_api.post(_url(draft, "withdraw/"), {}, format="json").status_code == 400
    response = staff_api.post(_url(draft, "withdraw/"), {"reason": "Closed."}, format="json")
    assert response.status_code == 409


def test_a_member_withdraws_a_published_micro_credential(staff_api, workflow):
    published = workflow.version_in(Status.PUBLISHED)

    response = staff_api.post(
        _url(published, "withdraw/"), {"reason": "Course discontinued."}, format="json"
    )

    assert response.status_code == 200
    published.refresh_from_db()
    assert published.status == Status.WITHDRAWN


def test_a_member_starts_a_new_version_of_a_published_micro_credential(staff_api, workflow):
    published = workflow.version_in(Status.PUBLISHED)

    response = staff_api.post(_url(published, "new-version/"), format="json")

    assert response.status_code == 201
    assert response.json()["version"] == 2
    assert response.json()["status"] == "draft"
    assert staff_api.post(_url(published, "new-version/"), format="json").status_code == 409
    assert (
        MicroCredentialVersion.objects.filter(micro_credential=published.micro_credential).count()
        == 2
    )

import pytest

from credentials.models import Status
from tests.credentials.api.conftest import PROBLEM


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("approve", Status.PUBLISHED),
        ("request-changes", Status.CHANGES_REQUESTED),
        ("reject", Status.REJECTED),
    ],
)
def test_a_regulator_decides_on_a_submitted_version(
    regulator_api, workflow, action, status, django_capture_on_commit_callbacks
):
    version = workflow.version_in(Status.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=False):
        response = regulator_api.post(
            f"/api/v1/review/versions/{version.pk}/{action}/", {"comment": "Seen."}, format="json"
        )

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == status
    version.refresh_from_db()
    assert version.status == status
    assert version.comments.get().body == "Seen."


def test_a_decision_needs_a_comment(regulator_api, workflow):
    version = workflow.version_in(Status.SUBMITTED)

    response = regulator_api.post(
        f"/api/v1/review/versions/{version.pk}/approve/", {}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["comment"]


def test_deciding_on_a_draft_answers_409_problem(regulator_api, workflow):
    version = workflow.version_in(Status.DRAFT)

    response = regulator_api.post(
        f"/api/v1/review/versions/{version.pk}/approve/", {"comment": "Ok."}, format="json"
    )

    assert response.status_code == 409
    assert response["Content-Type"] == PROBLEM


def test_a_regulator_suspends_a_published_micro_credential(regulator_api, workflow):
    published = workflow.version_in(Status.PUBLISHED)

    response = regulator_api.post(
        f"/api/v1/review/micro-credentials/{published.micro_credential.code}/suspend/",
        {"reason": "Complaint under investigation."},
        format="json",
    )

    assert response.status_code == 200
    published.refresh_from_db()
    assert published.status == Status.SUSPENDED


def test_review_endpoints_answer_404_to_non_regulators(staff_api, outsider_api, workflow):
    version = workflow.version_in(Status.SUBMITTED)

    for client in (staff_api, outsider_api):
        for action in ("approve", "request-changes", "reject"):
            response = client.post(
                f"/api/v1/review/versions/{version.pk}/{action}/", {"comment": "x"}, format="json"
            )
            assert response.status_code == 404
            assert response["Content-Type"] == PROBLEM
        response = client.post(
            f"/api/v1/review/micro-credentials/{version.micro_credential.code}/suspend/",
            {"reason": "x"},
            format="json",
        )
        assert response.status_code == 404
    version.refresh_from_db()
    assert version.status == Status.SUBMITTED

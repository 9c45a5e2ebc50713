from credentials.models import Status
from tests.credentials.api.conftest import PROBLEM, payload


def test_another_providers_micro_credentials_answer_404(outsider_api, workflow):
    draft = workflow.version_in(Status.DRAFT)
    base = f"/api/v1/providers/uopl/micro-credentials/{draft.micro_credential.code}/"

    responses = [
        outsider_api.get("/api/v1/providers/uopl/micro-credentials/"),
        outsider_api.post("/api/v1/providers/uopl/micro-credentials/", payload(), format="json"),
        outsider_api.get(base),
        outsider_api.patch(base, {"title": "Mine"}, format="json", HTTP_IF_MATCH="*"),
        outsider_api.post(base + "submit/", {}, format="json"),
        outsider_api.post(base + "withdraw/", {"reason": "x"}, format="json"),
        outsider_api.post(base + "new-version/", {}, format="json"),
    ]

    assert [r.status_code for r in responses] == [404] * len(responses)
    assert all(r["Content-Type"] == PROBLEM for r in responses)
    draft.refresh_from_db()
    assert draft.title != "Mine"


def test_a_micro_credential_under_the_wrong_provider_slug_answers_404(
    outsider_api, other_staff, workflow
):
    draft = workflow.version_in(Status.DRAFT)

    response = outsider_api.get(
        f"/api/v1/providers/ocean/micro-credentials/{draft.micro_credential.code}/"
    )

    assert response.status_code == 404


def test_an_unknown_provider_answers_404_like_another_providers(staff_api):
    assert staff_api.get("/api/v1/providers/nope/micro-credentials/").status_code == 404

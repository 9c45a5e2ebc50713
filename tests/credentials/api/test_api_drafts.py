from credentials.models import MicroCredential, Status
from tests.credentials.api.conftest import PROBLEM, payload

URL = "/api/v1/providers/uopl/micro-credentials/"


def test_a_member_creates_a_draft_with_every_element(staff_api, provider, institution_staff):
    response = staff_api.post(URL, payload(), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft"
    assert body["version"] == 1
    assert body["level"]["code"] == "6"
    assert body["languages"] == ["en", "fr"]
    assert body["learning_outcomes"] == [
        "Map the personal data a business holds",
        "Draft a privacy notice",
    ]
    assert response["ETag"] == body["etag"]
    micro_credential = MicroCredential.objects.get(code=body["code"])
    assert micro_credential.provider == provider
    assert micro_credential.created_by == institution_staff


def test_an_invalid_draft_answers_400_with_the_forms_field_errors(staff_api, provider):
    response = staff_api.post(
        URL,
        payload(
            credits="0",
            languages=["xx"],
            level={"framework": "MU-NQF", "code": "99"},
            credit_system="NOPE",
            title="",
        ),
        format="json",
    )

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    errors = response.json()["errors"]
    assert set(errors) == {"credits", "languages", "level", "credit_system", "title"}
    assert errors["credits"] == ["Credits must be more than zero."]
    assert "xx" in errors["languages"][0]
    assert MicroCredential.objects.count() == 0


def test_the_provider_list_shows_each_micro_credential_with_its_latest_version(staff_api, workflow):
    published = workflow.version_in(Status.PUBLISHED)
    workflow.version_in(Status.DRAFT)
    from credentials import services

    services.start_new_version(actor=workflow.member, micro_credential=published.micro_credential)

    response = staff_api.get(URL)

    assert response.status_code == 200
    results = response.json()["results"]
    assert sorted((item["version"], item["status"]) for item in results) == [
        (1, "draft"),
        (2, "draft"),
    ]


def test_unauthenticated_requests_are_refused(api, provider):
    assert api.get(URL).status_code in (401, 403)
    assert api.post(URL, payload(), format="json").status_code in (401, 403)

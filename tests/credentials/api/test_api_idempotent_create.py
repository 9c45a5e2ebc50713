from credentials.models import MicroCredential, MicroCredentialVersion, Status
from registry.core.models import IdempotencyRecord
from tests.credentials.api.conftest import PROBLEM, payload

URL = "/api/v1/providers/uopl/micro-credentials/"


def test_replaying_a_create_with_the_same_key_returns_the_same_response_and_creates_one(
    staff_api, provider
):
    first = staff_api.post(URL, payload(), format="json", HTTP_IDEMPOTENCY_KEY="abc-1")
    second = staff_api.post(URL, payload(), format="json", HTTP_IDEMPOTENCY_KEY="abc-1")

    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert MicroCredential.objects.count() == 1
    assert IdempotencyRecord.objects.get().response_status == 201


def test_the_same_key_with_a_different_body_answers_422(staff_api, provider):
    staff_api.post(URL, payload(), format="json", HTTP_IDEMPOTENCY_KEY="abc-1")

    response = staff_api.post(
        URL, payload(title="Something else"), format="json", HTTP_IDEMPOTENCY_KEY="abc-1"
    )

    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    assert MicroCredential.objects.count() == 1


def test_a_failed_create_stores_no_record_so_the_key_can_be_retried(staff_api, provider):
    bad = staff_api.post(URL, payload(title=""), format="json", HTTP_IDEMPOTENCY_KEY="k")
    good = staff_api.post(URL, payload(), format="json", HTTP_IDEMPOTENCY_KEY="k2")

    assert bad.status_code == 400
    assert good.status_code == 201
    assert not IdempotencyRecord.objects.filter(key="k").exists()


def test_keys_belong_to_their_user(staff_api, institution_admin, provider):
    from rest_framework.test import APIClient

    admin_api = APIClient()
    admin_api.force_authenticate(institution_admin)

    staff_api.post(URL, payload(), format="json", HTTP_IDEMPOTENCY_KEY="same")
    response = admin_api.post(URL, payload(), format="json", HTTP_IDEMPOTENCY_KEY="same")

    assert response.status_code == 201
    assert MicroCredential.objects.count() == 2


def test_replaying_a_new_version_request_creates_one_version(staff_api, workflow):
    published = workflow.version_in(Status.PUBLISHED)
    url = f"{URL}{published.micro_credential.code}/new-version/"

    first = staff_api.post(url, format="json", HTTP_IDEMPOTENCY_KEY="nv-1")
    second = staff_api.post(url, format="json", HTTP_IDEMPOTENCY_KEY="nv-1")

    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert (
        MicroCredentialVersion.objects.filter(micro_credential=published.micro_credential).count()
        == 2
    )

"""Awards in /api/v1/: issue (idempotent on the external id and on Idempotency-Key), list,
detail with the signed credential, revoke, bulk issuance with progress."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from credentials.awards.models import Award, IssuanceBatch
from credentials.exports import csv_bytes

pytestmark = pytest.mark.django_db


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def body(published, **changes):
    data = {
        "micro_credential": published.micro_credential.code,
        "learner_name": "Aisha Ramdin",
        "learner_email": "aisha@example.org",
        "learner_identifier": "R1234567",
        "result": "Merit",
        "issued_on": timezone.localdate().isoformat(),
        "external_id": "API-1",
    }
    data.update(changes)
    return data


def test_issuing_answers_201_then_200_for_the_same_external_id(published, institution_staff):
    api = client_for(institution_staff)
    url = f"/api/v1/providers/{published.micro_credential.provider.slug}/awards/"
    first = api.post(url, body(published), format="json")
    again = api.post(url, body(published, learner_name="Other"), format="json")
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["code"] == again.json()["code"]
    assert first.json()["credential"]["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert Award.objects.count() == 1


def test_an_idempotency_key_replays_the_answer(published, institution_staff):
    api = client_for(institution_staff)
    url = f"/api/v1/providers/{published.micro_credential.provider.slug}/awards/"
    first = api.post(url, body(published), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = api.post(url, body(published), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()


def test_bad_fields_answer_400_with_field_errors(published, institution_staff):
    api = client_for(institution_staff)
    url = f"/api/v1/providers/{published.micro_credential.provider.slug}/awards/"
    response = api.post(
        url, body(published, learner_email="nope", micro_credential="MC-NOPE"), format="json"
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) >= {"learner_email", "micro_credential"}


def test_an_unpublished_version_answers_409(workflow, institution_staff):
    from credentials.models import Status

    withdrawn = workflow.version_in(Status.WITHDRAWN)
    api = client_for(institution_staff)
    url = f"/api/v1/providers/{withdrawn.micro_credential.provider.slug}/awards/"
    response = api.post(url, body(withdrawn), format="json")
    assert response.status_code == 409
    assert "only a published version is awarded" in response.json()["detail"]


def test_list_detail_and_revoke(award, institution_admin):
    api = client_for(institution_admin)
    base = f"/api/v1/providers/{award.provider.slug}/awards/"
    listed = api.get(base).json()
    assert [item["code"] for item in listed["results"]] == [award.verification_code]
    found = api.get(base, {"q": award.external_id}).json()
    assert found["count"] == 1
    detail = api.get(f"{base}{award.verification_code}/")
    assert detail.json()["state"] == "valid" and detail.has_header("ETag")
    revoked = api.post(f"{base}{award.verification_code}/revoke/", {"reason": "Error."})
    assert revoked.status_code == 200 and revoked.json()["state"] == "revoked"
    again = api.post(f"{base}{award.verification_code}/revoke/", {"reason": "Error."})
    assert again.status_code == 409


def test_bulk_upload_with_a_bad_row_issues_nothing(published, institution_staff):
    api = client_for(institution_staff)
    rows = [body(published, external_id="B-1"), body(published, external_id="B-2")]
    rows[1]["learner_email"] = "not-an-address"
    content = csv_bytes(list(rows[0]), rows)
    response = api.post(
        f"/api/v1/providers/{published.micro_credential.provider.slug}/awards/bulk/",
        {"file": SimpleUploadedFile("awards.csv", content)},
        format="multipart",
    )
    assert response.status_code == 422
    assert response.json()["rows"][0]["row"] == 3
    assert "learner_email" in response.json()["rows"][0]["errors"]
    assert not IssuanceBatch.objects.exists() and not Award.objects.exists()


def test_bulk_upload_is_recorded_and_its_progress_readable(
    published, institution_staff, django_capture_on_commit_callbacks
):
    api = client_for(institution_staff)
    rows = [body(published, external_id=f"B-{n}") for n in range(3)]
    slug = published.micro_credential.provider.slug
    with django_capture_on_commit_callbacks(execute=False):
        response = api.post(
            f"/api/v1/providers/{slug}/awards/bulk/",
            {"file": SimpleUploadedFile("awards.csv", csv_bytes(list(rows[0]), rows))},
            format="multipart",
        )
    assert response.status_code == 202
    batch = response.json()
    assert batch["state"] == "pending" and batch["total"] == 3
    progress = api.get(f"/api/v1/providers/{slug}/awards/batches/{batch['id']}/").json()
    assert progress["issued"] == 0

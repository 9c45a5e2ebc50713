"""/verify/: an employer enters a code (or follows a QR code to /verify/<code>) or uploads the
credential file, and reads a verdict in plain words; the API answers the same."""

import copy
import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

from credentials.awards import services
from credentials.awards.models import Award
from registry.providers.services import suspend_provider

pytestmark = pytest.mark.django_db


def verdict_page(client, code):
    response = client.get(f"/verify/{code}")
    assert response.status_code == 200
    return response.text


def upload(client, document):
    content = json.dumps(document).encode() if not isinstance(document, bytes) else document
    return client.post("/verify/", {"credential": SimpleUploadedFile("credential.json", content)})


def test_a_valid_award_says_what_the_register_knows(client, award, published):
    page = verdict_page(client, award.verification_code)
    assert "Valid" in page
    assert "Aisha Ramdin" in page
    assert published.title in page
    assert f"/micro-credentials/{published.micro_credential.code}/" in page
    assert f"/providers/{award.provider.slug}/" in page
    assert "MU-NQF 6" in page


def test_the_code_form_lands_on_the_code_page_whatever_the_typing(client, award):
    typed = award.verification_code.lower().replace("-", " ")
    response = client.get("/verify/", {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/verify/{award.verification_code}"


def test_a_revoked_award_says_when_and_why(client, award, institution_admin):
    services.revoke_award(actor=institution_admin, award=award, reason="Academic misconduct.")
    page = verdict_page(client, award.verification_code)
    assert "Revoked" in page and "Academic misconduct." in page
    today = timezone.localdate()
    assert f"revoked this award on {today.day} {today:%B} {today.year}." in page


def test_a_verdict_reads_in_french_with_french_dates(client, award, institution_admin):
    services.revoke_award(actor=institution_admin, award=award, reason="Fraude.")
    client.cookies["django_language"] = "fr"
    page = verdict_page(client, award.verification_code)
    today = timezone.localdate()
    with override("fr"):
        month = date_format(today, "F")
    assert "Révoquée" in page or "révoqu" in page
    assert f"{today.day} {month} {today.year}" in page


def test_an_expired_award_says_so(client, award):
    Award.objects.filter(pk=award.pk).update(valid_until=timezone.now() - timedelta(days=1))
    assert "Expired" in verdict_page(client, award.verification_code)


def test_an_unknown_code_says_it_is_not_in_the_register(client, db):
    assert "Not found in the register" in verdict_page(client, "AAAAA-BBBBB-CCCCC-DDDDD")


def test_a_suspended_provider_is_a_warning(client, award, regulator, provider):
    suspend_provider(actor=regulator, provider=provider, reason="Audit.")
    page = verdict_page(client, award.verification_code)
    assert "Valid" in page and "is now suspended in the register" in page


def test_each_verification_is_counted(client, award):
    verdict_page(client, award.verification_code)
    upload(client, award.credential)
    services.flush_verification_counts()  # the beat's job, every few seconds
    award.refresh_from_db()
    assert award.verification_count == 2


def test_an_uploaded_credential_is_fully_verified(client, award):
    response = upload(client, award.credential)
    assert response.status_code == 200
    assert "Valid" in response.text and "Aisha Ramdin" in response.text


def test_an_uploaded_credential_that_was_changed_is_tampered(client, award):
    changed = copy.deepcopy(award.credential)
    changed["credentialSubject"]["result"][0]["value"] = "High distinction"
    response = upload(client, changed)
    assert "Not genuine: the credential was altered" in response.text


def test_an_uploaded_revoked_credential_is_revoked(client, award, institution_admin):
    services.revoke_award(actor=institution_admin, award=award, reason="Issued in error.")
    assert "Revoked" in upload(client, award.credential).text


def test_an_upload_from_another_issuer_is_unknown(client, award):
    foreign = copy.deepcopy(award.credential)
    foreign["issuer"]["id"] = "did:web:elsewhere.example:providers:uopl"
    assert "Not found in the register" in upload(client, foreign).text


def test_a_file_that_is_not_json_is_refused_with_a_message(client, db):
    response = upload(client, b"\x89PNG not json")
    assert response.status_code == 400
    assert "neither a JSON credential nor a certificate PDF" in response.text


def test_the_api_gives_the_verdict_by_code_and_by_upload(client, award, institution_admin):
    by_code = client.get(f"/api/v1/verify/{award.verification_code}/").json()
    assert by_code["verdict"] == "valid"
    assert by_code["award"]["micro_credential"]["code"] == award.version.micro_credential.code
    services.revoke_award(actor=institution_admin, award=award, reason="Issued in error.")
    uploaded = client.post(
        "/api/v1/verify/", award.credential, content_type="application/json"
    ).json()
    assert uploaded["verdict"] == "revoked"
    assert uploaded["award"]["revocation_reason"] == "Issued in error."
    unknown = client.get("/api/v1/verify/AAAAA-BBBBB-CCCCC-DDDDD/").json()
    assert unknown["verdict"] == "unknown"


def test_verification_is_rate_limited(client, award, settings):
    settings.VERIFY_RATE = "2/min"
    statuses = [client.get(f"/verify/{award.verification_code}").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert client.get(f"/api/v1/verify/{award.verification_code}/").status_code == 429


def test_the_credential_and_status_list_are_served_as_json(client, award):
    credential = client.get(f"/awards/{award.verification_code}.json").json()
    assert credential["proof"] == award.credential["proof"]
    listed = client.get(
        award.credential["credentialStatus"]["statusListCredential"].replace(
            "http://127.0.0.1:8000", ""
        )
    )
    assert listed.status_code == 200
    assert listed.json()["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]

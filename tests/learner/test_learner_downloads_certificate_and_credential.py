"""From their page the learner downloads the signed credential (JSON) at once, and the
certificate PDF once it is stored; until then the page says it is being prepared."""

import json

import pytest
from django.core.files.base import ContentFile

from credentials.awards.models import Award
from credentials.certificates.storage import certificate_storage

pytestmark = pytest.mark.django_db


@pytest.fixture
def storage_folder(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "certificates": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "allow_overwrite": True},
        },
    }
    return tmp_path


def test_the_signed_credential_downloads(client, learner_page):
    award, path = learner_page()

    answer = client.get(f"{path}awards/{award.verification_code}/credential.json")

    assert answer.status_code == 200
    assert answer["Content-Disposition"] == f'attachment; filename="{award.verification_code}.json"'
    assert json.loads(answer.content) == award.credential


def test_the_certificate_is_being_prepared_until_stored(client, learner_page, storage_folder):
    award, path = learner_page()

    page = client.get(path)
    pdf = client.get(f"{path}awards/{award.verification_code}/certificate.pdf")

    assert "Your certificate is being prepared" in page.text
    assert "Download your certificate (PDF)" not in page.text
    assert pdf.status_code == 404
    assert "Your certificate is being prepared" in pdf.text


def test_the_stored_certificate_downloads(client, learner_page, storage_folder):
    award, path = learner_page()
    name = certificate_storage().save(
        f"certificates/{award.verification_code}.pdf", ContentFile(b"%PDF-1.7 certificate")
    )
    Award.objects.filter(pk=award.pk).update(certificate_name=name)

    page = client.get(path)
    answer = client.get(f"{path}awards/{award.verification_code}/certificate.pdf")

    assert "Download your certificate (PDF)" in page.text
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert "attachment" in answer["Content-Disposition"]
    assert b"".join(answer.streaming_content) == b"%PDF-1.7 certificate"

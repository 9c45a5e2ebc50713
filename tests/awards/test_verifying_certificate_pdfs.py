"""An employer can upload the learner's certificate PDF instead of the JSON credential: the
credential it carries is fully verified; a PDF that carries none gets a clear answer."""

import copy
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from credentials.certificates.rendering import render_certificate
from tests.certificates.certificate_files import make_content

pytestmark = pytest.mark.django_db


def certificate_of(award, credential=None) -> bytes:
    return render_certificate(
        make_content(
            verification_code=award.verification_code,
            credential=credential if credential is not None else award.credential,
        )
    )


def a_pdf_without_attachment() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(client, pdf: bytes):
    file = SimpleUploadedFile("certificate.pdf", pdf, content_type="application/pdf")
    return client.post("/verify/", {"credential": file})


def test_the_certificate_pdf_of_a_valid_award_verifies_as_valid(client, award):
    page = upload(client, certificate_of(award))

    assert page.status_code == 200
    assert "✔ Valid" in page.text
    assert award.learner_name in page.text


def test_a_certificate_carrying_a_changed_credential_is_tampered(client, award):
    changed = copy.deepcopy(award.credential)
    changed["credentialSubject"]["achievement"]["name"] = "Something else"

    page = upload(client, certificate_of(award, changed))

    assert "Not genuine: the credential was altered" in page.text
    assert "✔ Valid" not in page.text


def test_a_pdf_without_a_credential_is_answered_plainly(client, db):
    page = upload(client, a_pdf_without_attachment())

    assert page.status_code == 400
    assert "credential" in page.text.lower()
    assert "Valid" not in page.text


def test_the_api_verifies_a_certificate_pdf_sent_as_the_body(client, award):
    answer = client.post("/api/v1/verify/", certificate_of(award), content_type="application/pdf")

    assert answer.status_code == 200
    assert answer.json()["verdict"] == "valid"


def test_the_api_answers_400_for_a_pdf_without_a_credential(client, db):
    answer = client.post(
        "/api/v1/verify/", a_pdf_without_attachment(), content_type="application/pdf"
    )

    assert answer.status_code == 400
    assert "credential" in str(answer.json()).lower()

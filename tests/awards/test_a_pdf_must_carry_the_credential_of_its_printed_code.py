"""A certificate PDF is verified by its attached credential, and that credential must be the
award of the verification code printed on the PDF: a learner's certificate doctored to carry
another (genuine) award's credential is not genuine, on /verify/ and in the API."""

import json
from dataclasses import replace
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from credentials.awards.certificates import certificate_content
from credentials.certificates.rendering import render_certificate

pytestmark = pytest.mark.django_db

MISMATCH = "the credential attached to this PDF does not belong to the code printed on it"


@pytest.fixture
def two_awards(issue, published):
    mine = issue(published, learner_name="Aisha Ramdin", external_id="A-1")
    theirs = issue(published, learner_name="Jean-Luc Lefebvre", external_id="A-2")
    return mine, theirs


def doctored(printed, attached) -> bytes:
    """`printed`'s certificate with `attached`'s credential put in the place of its own."""
    return render_certificate(
        replace(certificate_content(printed.pk), credential=attached.credential)
    )


def upload(client, pdf: bytes):
    file = SimpleUploadedFile("certificate.pdf", pdf, content_type="application/pdf")
    return client.post("/verify/", {"credential": file})


def test_the_genuine_certificate_of_an_award_is_valid(client, two_awards):
    mine, _theirs = two_awards

    page = upload(client, render_certificate(certificate_content(mine.pk)))

    assert "✔ Valid" in page.text
    assert MISMATCH not in page.text


def test_a_certificate_carrying_another_awards_credential_is_not_genuine(client, two_awards):
    mine, theirs = two_awards

    page = upload(client, doctored(mine, theirs))

    assert page.status_code == 200
    assert MISMATCH in page.text
    assert mine.verification_code in page.text
    assert "✔ Valid" not in page.text
    assert theirs.learner_name not in page.text  # nothing of the other learner is shown
    theirs.refresh_from_db()
    assert theirs.verification_count == 0


def test_the_api_answers_mismatched_for_a_doctored_pdf(client, two_awards):
    mine, theirs = two_awards

    answer = client.post("/api/v1/verify/", doctored(mine, theirs), content_type="application/pdf")

    assert answer.status_code == 200
    body = answer.json()
    assert body["verdict"] == "mismatched"
    assert MISMATCH in body["headline"]
    assert "award" not in body


def test_a_pdf_with_no_readable_code_verifies_with_a_warning(client, two_awards):
    mine, _theirs = two_awards
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_attachment("credential.json", json.dumps(mine.credential).encode())
    out = BytesIO()
    writer.write(out)

    body = client.post("/api/v1/verify/", out.getvalue(), content_type="application/pdf").json()

    assert body["verdict"] == "valid"
    assert any("No verification code could be read" in warning for warning in body["warnings"])


def test_a_json_credential_needs_no_printed_code(client, two_awards):
    mine, _theirs = two_awards

    body = client.post("/api/v1/verify/", mine.credential, content_type="application/json").json()

    assert body["verdict"] == "valid" and body["warnings"] == []


def test_the_verdict_reads_in_french(client, two_awards, in_french):
    mine, theirs = two_awards
    file = SimpleUploadedFile("certificate.pdf", doctored(mine, theirs))

    page = client.post("/verify/", {"credential": file}, **in_french)

    assert "n'appartient pas au code imprimé dessus" in page.text.replace("&#x27;", "'")

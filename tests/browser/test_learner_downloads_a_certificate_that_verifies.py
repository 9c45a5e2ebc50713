"""A learner opens the link from their e-mail, downloads their certificate PDF, and the QR code
printed on it leads to the verification page, which says the award is valid."""

import re
from pathlib import Path

import pytest

from credentials.awards import certificates as awards_certificates
from credentials.awards import services
from credentials.certificates.tasks import render_certificate
from credentials.models import Status
from tests.awards.conftest import award_input
from tests.certificates.certificate_files import needs_poppler, qr_codes

pytestmark = [pytest.mark.browser, needs_poppler]
expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect


def test_the_learner_downloads_a_certificate_whose_qr_code_verifies(
    page, live_server, settings, tmp_path, workflow, institution_staff, sent_mail
):
    settings.REGISTRY_BASE_URL = live_server.url
    settings.STORAGES = {
        **settings.STORAGES,
        "certificates": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "allow_overwrite": True},
        },
    }
    version = workflow.version_in(Status.PUBLISHED, validity_months=None)
    award, _created = services.issue_award(
        actor=institution_staff,
        provider=version.micro_credential.provider,
        data=award_input(version),
    )
    (message,) = [mail for mail in sent_mail() if "/learner/" in mail.body]
    link = re.search(r"http\S+/learner/\S+/", message.body).group(0)
    # What the certificates worker does with the message issuing queued.
    render_certificate(awards_certificates.CONTENT_PROVIDER, award.pk, awards_certificates.RECORDER)

    page.goto(link)
    expect(
        page.get_by_role("heading", name="Your awards from University of Port Louis")
    ).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your certificate (PDF)").click()
    pdf = Path(download.value.path()).read_bytes()

    (address,) = qr_codes(pdf)
    assert address == f"{live_server.url}/verify/{award.verification_code}"
    page.goto(address)
    expect(page.get_by_role("heading", name="✔ Valid")).to_be_visible()
    expect(page.get_by_text(version.title).first).to_be_visible()

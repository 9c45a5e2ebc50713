"""The portal's award page says whether the certificate is being prepared or ready, and the
provider's members download the PDF from it; anybody else gets 404, as for the award itself.
The API's award says the same."""

import pytest
from django.urls import reverse

from credentials.awards import certificates
from credentials.certificates.extraction import extract_credential

pytestmark = pytest.mark.django_db


def page_url(award):
    return reverse("portal:award", args=[award.provider.slug, award.verification_code])


def pdf_url(award):
    return reverse("portal:award_certificate", args=[award.provider.slug, award.verification_code])


def test_a_new_award_shows_its_certificate_being_prepared(client, award, institution_staff):
    client.force_login(institution_staff)

    page = client.get(page_url(award))

    assert "Being prepared" in page.text
    assert pdf_url(award) not in page.text
    assert client.get(pdf_url(award)).status_code == 404


def test_members_download_the_ready_certificate(
    client, award, institution_staff, institution_admin, certificate_folder
):
    certificates.render_now(award.pk)
    for member in (institution_staff, institution_admin):
        client.force_login(member)

        page = client.get(page_url(award))
        download = client.get(pdf_url(award))

        assert "Download the certificate (PDF)" in page.text
        assert pdf_url(award) in page.text
        assert download.status_code == 200
        assert download["Content-Type"] == "application/pdf"
        assert f"certificate-{award.verification_code}.pdf" in download["Content-Disposition"]
        assert extract_credential(b"".join(download.streaming_content)) == award.credential


def test_a_revoked_award_keeps_its_certificate(
    client, award, institution_admin, certificate_folder
):
    from credentials.awards import services

    certificates.render_now(award.pk)
    services.revoke_award(actor=institution_admin, award=award, reason="Issued in error.")
    client.force_login(institution_admin)

    assert client.get(pdf_url(award)).status_code == 200


def test_another_providers_member_and_strangers_get_404(
    client, award, other_staff, certificate_folder
):
    certificates.render_now(award.pk)

    assert client.get(pdf_url(award)).status_code == 302  # to the sign-in page
    client.force_login(other_staff)
    assert client.get(pdf_url(award)).status_code == 404
    assert client.get(page_url(award)).status_code == 404


def test_the_api_gives_the_certificate_state_and_address(
    client, award, institution_staff, certificate_folder
):
    client.force_login(institution_staff)
    url = f"/api/v1/providers/{award.provider.slug}/awards/{award.verification_code}/"

    before = client.get(url).json()
    certificates.render_now(award.pk)
    after = client.get(url).json()

    assert before["certificate_state"] == "pending" and before["certificate_url"] is None
    assert after["certificate_state"] == "ready"
    assert after["certificate_url"].endswith(pdf_url(award))

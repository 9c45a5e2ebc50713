"""The portal's awards pages: issue one with the form, see the list and one award, revoke it
(admins), issue many from a spreadsheet and follow the progress page without JavaScript."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from credentials.awards.models import Award, IssuanceBatch
from credentials.exports import csv_bytes

pytestmark = pytest.mark.django_db


def row(published, **changes):
    data = {
        "micro_credential": published.micro_credential.code,
        "learner_name": "Aisha Ramdin",
        "learner_email": "aisha@example.org",
        "learner_identifier": "",
        "result": "Merit",
        "evidence_url": "",
        "issued_on": timezone.localdate().isoformat(),
        "external_id": "P-1",
    }
    data.update(changes)
    return data


def test_staff_issue_an_award_and_see_its_code(client, published, institution_staff):
    client.force_login(institution_staff)
    slug = published.micro_credential.provider.slug

    response = client.post(reverse("portal:award_issue", args=[slug]), row(published), follow=True)

    award = Award.objects.get()
    assert f"Verification code: {award.verification_code}" in response.text
    assert "Aisha Ramdin" in response.text
    listing = client.get(reverse("portal:awards", args=[slug]))
    assert award.verification_code in listing.text


def test_the_form_says_why_an_award_is_refused(client, published, institution_staff):
    client.force_login(institution_staff)
    slug = published.micro_credential.provider.slug
    data = row(published, issued_on="2020-01-01")

    response = client.post(reverse("portal:award_issue", args=[slug]), data)

    assert response.status_code == 200
    assert "before the micro-credential was approved" in response.text
    assert not Award.objects.exists()


def test_an_admin_revokes_with_a_reason(client, award, institution_admin):
    client.force_login(institution_admin)
    url = reverse("portal:award", args=[award.provider.slug, award.verification_code])
    assert "Revoke this award" in client.get(url).text

    response = client.post(
        reverse("portal:award_revoke", args=[award.provider.slug, award.verification_code]),
        {"reason": "Issued in error."},
        follow=True,
    )

    assert "Revoked. Anyone who verifies the award now sees why." in response.text
    award.refresh_from_db()
    assert award.revocation_reason == "Issued in error."


def test_staff_do_not_see_the_revoke_form(client, award, institution_staff):
    client.force_login(institution_staff)
    url = reverse("portal:award", args=[award.provider.slug, award.verification_code])
    assert "Revoke this award" not in client.get(url).text


def test_a_bad_row_is_reported_and_nothing_issued(client, published, institution_staff):
    client.force_login(institution_staff)
    rows = [row(published, external_id="B-1"), row(published, external_id="B-1")]
    upload = SimpleUploadedFile("awards.csv", csv_bytes(list(rows[0]), rows))

    response = client.post(
        reverse("portal:award_bulk", args=[published.micro_credential.provider.slug]),
        {"file": upload},
    )

    assert "Nothing was issued: 1 row has problems." in response.text
    assert "The external id B-1 is also on row 2." in response.text
    assert not IssuanceBatch.objects.exists()


def test_a_valid_file_starts_a_batch_whose_page_refreshes_itself(
    client, published, institution_staff, django_capture_on_commit_callbacks
):
    client.force_login(institution_staff)
    rows = [row(published, external_id=f"B-{n}") for n in range(3)]
    upload = SimpleUploadedFile("awards.csv", csv_bytes(list(rows[0]), rows))
    slug = published.micro_credential.provider.slug

    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            reverse("portal:award_bulk", args=[slug]), {"file": upload}, follow=True
        )

    assert "All 3 rows are valid; issuing has started." in response.text
    assert '<meta http-equiv="refresh"' in response.text
    assert "0 of 3 rows issued" in response.text


def test_the_bulk_templates_download(client, published, institution_staff):
    client.force_login(institution_staff)
    slug = published.micro_credential.provider.slug
    csv = client.get(reverse("portal:award_bulk_template", args=[slug, "csv"]))
    assert csv.status_code == 200 and b"external_id" in csv.content
    assert client.get(reverse("portal:award_bulk_template", args=[slug, "xlsx"])).status_code == 200
    assert client.get(reverse("portal:award_bulk_template", args=[slug, "pdf"])).status_code == 404

"""A bulk verification's results hold applicants' names: they are read only through their
unguessable id (no list, no sequential number, nothing another batch's id opens), are never
cached, indexed or sent on as a referrer, and the upload page is rate-limited per client."""

import pytest
from rest_framework.test import APIClient

from credentials.awards.models import VerificationBatch
from tests.awards.bulk_files import csv_file, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_batches(client, award):
    first = upload(client, csv_file([["name", "code"], ["Aisha R.", award.verification_code]]))
    second = upload(client, csv_file([["name", "code"], ["Jean L.", award.verification_code]]))
    return first.redirect_chain[-1][0], second.redirect_chain[-1][0]


def test_each_batch_is_at_its_own_unguessable_address(client, two_batches):
    first, second = two_batches
    ids = [url.split("/")[-2] for url in (first, second)]

    assert all(len(public_id) >= 32 for public_id in ids) and ids[0] != ids[1]
    assert "Aisha R." in client.get(first).text and "Jean L." not in client.get(first).text
    assert "Jean L." in client.get(second).text and "Aisha R." not in client.get(second).text


def test_no_other_address_shows_results(client, two_batches):
    batch = VerificationBatch.objects.order_by("pk").first()
    guesses = [
        f"/verify/bulk/{batch.pk}/",
        f"/verify/bulk/{batch.public_id[:-1]}/",
        "/verify/bulk/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/",
        f"/verify/bulk/{batch.public_id[:-1]}/results.csv",
        f"/verify/bulk/{batch.public_id}%00/",
        "/verify/bulk/%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00/",
    ]
    for url in guesses:
        assert client.get(url).status_code == 404, url

    api = APIClient()
    assert api.get(f"/api/v1/verifications/bulk/{batch.pk}/").status_code == 404
    missing = api.get("/api/v1/verifications/bulk/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"
    assert api.get("/api/v1/verifications/bulk/").status_code == 405  # no list


def test_results_are_never_cached_indexed_or_sent_as_referrer(client, two_batches):
    first, _second = two_batches
    for response in (client.get(first), client.get(first + "results.csv")):
        assert response["Cache-Control"] == "private, no-store"
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert response["Referrer-Policy"] == "no-referrer"


def test_uploads_on_the_page_are_rate_limited_per_client(client, award, settings):
    settings.BULK_VERIFY_RATE = "1/hour"
    file = [[award.verification_code]]

    assert client.post("/verify/bulk/", {"file": csv_file(file)}).status_code == 302
    refused = client.post("/verify/bulk/", {"file": csv_file(file)})

    assert refused.status_code == 429 and refused["Retry-After"]
    assert client.get("/verify/bulk/").status_code == 200  # reading the form is not counted

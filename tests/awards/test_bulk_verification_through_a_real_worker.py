"""End to end with a real Celery worker: an employer's large file of codes goes from the upload
page to the `verification` queue and back, every row with its verdict, each award counted once
per row that named it."""

import time

import pytest

from credentials.awards import bulk_verification, services
from credentials.awards.models import VerificationBatch
from registry.celery import app as celery_app
from tests.awards.bulk_files import csv_file, downloaded_rows

pytestmark = pytest.mark.django_db(transaction=True)

UNKNOWN = [f"AAAAA-BBBBB-CCCCC-D{a}{b}{c}D" for a in "234" for b in "56789ABCDEF" for c in "GHJKMN"]


def test_a_large_file_of_codes_is_verified_by_the_worker(
    client, issue, published, institution_admin, celery_worker, monkeypatch
):
    monkeypatch.setitem(bulk_verification.CHUNK, VerificationBatch.Kind.CODES, 40)
    award = issue(published)
    revoked = issue(published, external_id="REVOKED-1")
    services.revoke_award(actor=institution_admin, award=revoked, reason="Issued in error.")
    codes = [award.verification_code] * 3 + [revoked.verification_code] + UNKNOWN[:145]
    codes.append("not a code")

    response = client.post(
        "/verify/bulk/", {"file": csv_file([["name", "code"]] + [["x", c] for c in codes])}
    )
    assert response.status_code == 302
    assert not celery_app.conf.task_always_eager  # the page queued it; the worker runs it
    deadline = time.monotonic() + 120  # a bound on waiting, not a speed check
    while (
        VerificationBatch.objects.filter(state=VerificationBatch.State.DONE).count() == 0
        and time.monotonic() < deadline
    ):
        time.sleep(0.2)

    page = client.get(response["Location"])
    assert "150 of 150 rows verified (100%)" in page.text
    assert 'http-equiv="refresh"' not in page.text
    rows = downloaded_rows(client, response["Location"])
    assert [row["verdict"] for row in rows[:5]] == ["valid", "valid", "valid", "revoked", "unknown"]
    assert rows[-1]["verdict"] == "malformed"
    assert len(rows) == 150
    award.refresh_from_db()
    assert award.verification_count == 3

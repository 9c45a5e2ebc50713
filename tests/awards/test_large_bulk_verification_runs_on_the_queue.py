"""More than a hundred codes are verified on the `verification` queue: the page shows the
progress and refreshes itself (no JavaScript) until every row has its verdict. The task can run
again, or after a lost worker, without keeping or counting a row twice; the sweep queues lost
work again, and results are deleted once their time is up."""

from datetime import timedelta

import pytest
from django.utils import timezone

from credentials.awards import bulk_verification, services, tasks
from credentials.awards.models import VerificationBatch
from tests.awards.bulk_files import csv_file, downloaded_rows

pytestmark = pytest.mark.django_db

UNKNOWN = [f"AAAAA-BBBBB-CCCCC-D{a}{b}{c}D" for a in "234" for b in "56789ABCDEF" for c in "GHJKMN"]


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setitem(bulk_verification.CHUNK, VerificationBatch.Kind.CODES, 40)


@pytest.fixture
def queued(client, award, small_chunks, django_capture_on_commit_callbacks):
    """150 codes (the award's three times) uploaded: (the page's address, the batch)."""
    codes = [award.verification_code] * 3 + UNKNOWN[:147]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            "/verify/bulk/", {"file": csv_file([["name", "code"]] + [["x", c] for c in codes])}
        )
    assert response.status_code == 302
    assert len(callbacks) == 1  # the task is queued once the batch is committed
    return response["Location"], VerificationBatch.objects.get()


def test_a_large_file_is_queued_and_shows_its_progress_until_done(client, award, queued):
    url, batch = queued

    waiting = client.get(url)
    assert "Waiting to start" in waiting.text
    assert "0 of 150 rows verified" in waiting.text
    assert '<meta http-equiv="refresh" content="3">' in waiting.text

    data = bytes(VerificationBatch.objects.get(pk=batch.pk).upload)
    items = bulk_verification.read_upload(data, batch.file_name).items
    rows, award_ids = bulk_verification.verify_chunk(batch.kind, data, items[:40])
    assert services.record_verification_chunk(batch.pk, 0, rows, award_ids)
    halfway = client.get(url)
    assert "40 of 150 rows verified (26%)" in halfway.text
    assert 'value="26"' in halfway.text and 'http-equiv="refresh"' in halfway.text

    tasks.run_verification_batch.apply(args=[batch.pk])

    done = client.get(url)
    assert "Done" in done.text and "150 of 150 rows verified (100%)" in done.text
    assert 'http-equiv="refresh"' not in done.text
    assert "Download the results (CSV)" in done.text
    rows = downloaded_rows(client, url)
    assert len(rows) == 150
    assert [r["verdict"] for r in rows[:4]] == ["valid", "valid", "valid", "unknown"]
    award.refresh_from_db()
    assert award.verification_count == 3


def test_running_the_task_again_keeps_and_counts_nothing_twice(award, queued, monkeypatch):
    _url, batch = queued
    finish = services.finish_verification_batch
    lost = []

    def lost_once(batch_id):  # the worker dies after the last chunk, before it finishes
        if not lost:
            lost.append(batch_id)
            raise RuntimeError("worker lost")
        return finish(batch_id)

    monkeypatch.setattr(services, "finish_verification_batch", lost_once)
    tasks.run_verification_batch.apply(args=[batch.pk])  # retried, in-process
    tasks.run_verification_batch.apply(args=[batch.pk])  # the message delivered twice

    assert lost == [batch.pk]

    batch.refresh_from_db()
    assert batch.state == "done" and batch.done == batch.total == 150
    assert [row["row"] for row in batch.results] == list(range(2, 152))
    award.refresh_from_db()
    assert award.verification_count == 3
    assert bytes(batch.upload) == b""  # the file is let go once verified


def test_a_chunk_recorded_by_another_run_is_not_recorded_again(award, queued):
    _url, batch = queued
    data = bytes(VerificationBatch.objects.get(pk=batch.pk).upload)
    items = bulk_verification.read_upload(data, batch.file_name).items
    rows, award_ids = bulk_verification.verify_chunk(batch.kind, data, items[:40])

    assert services.record_verification_chunk(batch.pk, 0, rows, award_ids)
    assert not services.record_verification_chunk(batch.pk, 0, rows, award_ids)

    batch.refresh_from_db()
    assert batch.done == 40 and len(batch.results) == 40
    award.refresh_from_db()
    assert award.verification_count == 3


def test_the_sweep_queues_lost_work_again_and_gives_up_after_the_attempts(queued):
    _url, batch = queued
    long_ago = timezone.now() - timedelta(hours=1)
    VerificationBatch.objects.filter(pk=batch.pk).update(queued_at=long_ago)

    assert tasks.requeue_stale_verification_batches() == {"requeued": 1, "failed": 0}
    batch.refresh_from_db()
    assert batch.queued_at > long_ago and batch.state == "pending"

    VerificationBatch.objects.filter(pk=batch.pk).update(
        queued_at=long_ago, attempts=tasks.MAX_ATTEMPTS
    )
    assert tasks.requeue_stale_verification_batches() == {"requeued": 0, "failed": 1}
    batch.refresh_from_db()
    assert batch.state == "failed"


def test_results_are_deleted_once_their_time_is_up(client, queued):
    url, batch = queued
    tasks.run_verification_batch.apply(args=[batch.pk])
    assert client.get(url).status_code == 200

    VerificationBatch.objects.filter(pk=batch.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert client.get(url).status_code == 404  # gone at once, even before the purge
    assert tasks.purge_expired_verification_batches() == 1
    assert not VerificationBatch.objects.exists()


def test_the_task_runs_on_the_verification_queue_and_beat_sweeps_and_purges(settings):
    assert settings.CELERY_TASK_ROUTES["awards.run_verification_batch"] == {"queue": "verification"}
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "awards.requeue_stale_verification_batches",
        "awards.purge_expired_verification_batches",
    } <= scheduled

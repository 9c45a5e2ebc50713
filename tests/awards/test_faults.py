"""Faults, with real processes: a Celery worker killed in the middle of a bulk issuance and
another started after it issue every row exactly once; with Redis stopped, verification by
code and by upload keep answering (gunicorn as in production)."""

import json
import time
import urllib.request

import pytest
from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from credentials.awards import bulk, services
from credentials.awards.models import Award, IssuanceBatch
from credentials.exports import csv_bytes
from tests.processes import (
    CeleryWorker,
    Gunicorn,
    PrivateRedis,
    manage,
    registry_environment,
    url_of_the_test_database,
    wait_until,
)

ROWS = 4000


@pytest.fixture
def environment(transactional_db, reference_data):
    redis = PrivateRedis()
    redis.start()
    env = registry_environment(
        database_url=url_of_the_test_database(),
        redis_url=redis.url,
        SIGNING_KEYS_KEK=settings.SIGNING_KEYS_KEK,
        REGISTRY_BASE_URL=settings.REGISTRY_BASE_URL,
        VERIFY_RATE="10000/min",
        VERIFICATION_COUNT_SECONDS="0",  # each count sent as it happens: none waits in a process
    )
    yield redis, env
    redis.stop()


def big_batch(published, actor) -> IssuanceBatch:
    rows = [
        {
            "micro_credential": published.micro_credential.code,
            "learner_name": f"Learner {n}",
            "learner_email": f"learner{n}@example.org",
            "issued_on": timezone.localdate().isoformat(),
            "external_id": f"KILL-{n}",
        }
        for n in range(ROWS)
    ]
    provider = published.micro_credential.provider
    parsed = bulk.parse_file(csv_bytes(list(rows[0]), rows), "awards.csv")
    result = bulk.validate_rows(provider=provider, rows=parsed)
    assert result.ok
    return services.create_batch(
        actor=actor, provider=provider, file_name="awards.csv", rows=result.valid
    )


def send(env, statement: str) -> str:
    return manage(env, "shell", "-c", statement).stdout


def test_a_worker_killed_mid_batch_loses_and_duplicates_nothing(
    environment, published, institution_staff, monkeypatch
):
    _redis, env = environment
    # The batch's own message goes to this process's broker, where another test's worker may
    # be listening: leave it unsent, and send the task to the worker under test below.
    monkeypatch.setattr(services, "enqueue_on_commit", lambda task, *args: None)
    batch = big_batch(published, institution_staff)
    monkeypatch.undo()
    worker = CeleryWorker(env, queues="issuance")
    try:
        send(
            env,
            "from credentials.awards.tasks import run_issuance_batch; "
            f"run_issuance_batch.delay({batch.pk})",
        )
        wait_until(lambda: Award.objects.filter(batch=batch).exists(), "the first rows", 120)
        worker.kill()
    finally:
        worker.stop()
    issued_when_killed = Award.objects.filter(batch=batch).count()
    assert 0 < issued_when_killed < ROWS

    # The sweep finds the batch stale (its task died with the worker) and queues it again.
    IssuanceBatch.objects.filter(pk=batch.pk).update(
        queued_at=timezone.now() - timezone.timedelta(hours=1)
    )
    second = CeleryWorker(env, queues="issuance")
    try:
        requeued = send(
            env,
            "from credentials.awards.tasks import requeue_stale_batches; "
            "print(requeue_stale_batches())",
        )
        assert "'requeued': 1" in requeued
        wait_until(lambda: IssuanceBatch.objects.get(pk=batch.pk).state == "done", "the batch", 300)
    finally:
        second.stop()

    awards = Award.objects.filter(provider=published.micro_credential.provider)
    assert awards.count() == ROWS
    duplicated = awards.values("external_id").annotate(n=Count("id")).filter(n__gt=1)
    assert not duplicated.exists()
    assert awards.values("status_index").distinct().count() == ROWS
    batch.refresh_from_db()
    assert batch.issued == ROWS


def post_json(url: str, document) -> tuple[int, dict]:
    request = urllib.request.Request(  # noqa: S310 - the local test server
        url,
        data=json.dumps(document).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=15) as answer:  # noqa: S310
        return answer.status, json.loads(answer.read())


def test_verification_keeps_answering_with_redis_stopped(environment, award):
    redis, env = environment
    web = Gunicorn(env)
    try:
        code = award.verification_code
        assert web.get(f"/verify/{code}")[0] == 200, web.output()[-3000:]
        redis.stop()
        time.sleep(0.5)

        status, _headers, page = web.get(f"/verify/{code}")
        api_status, verdict = post_json(f"{web.base}/api/v1/verify/", award.credential)
        by_code = json.loads(web.get(f"/api/v1/verify/{code}/")[2])
    finally:
        web.stop()

    assert status == 200 and "Valid" in page
    assert api_status == 200 and verdict["verdict"] == "valid"
    assert by_code["verdict"] == "valid"
    # Counted in PostgreSQL while Redis is down. The first verification's count was gathered
    # in Redis and went with it (a counter, not a record: see services.count_verification).
    award.refresh_from_db()
    assert award.verification_count == 3

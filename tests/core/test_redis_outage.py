"""Redis stopped under a running registry (gunicorn as in production): public pages, search,
records, the public API and /healthz keep answering from PostgreSQL, with the cache and the rate
limit degrading open and a warning logged; the portal and review pages keep working; and work
that needs a worker (a submission's checks) is recorded pending and done once Redis is back."""

from datetime import timedelta

import pytest
from django.utils import timezone

from credentials.models import CheckReport, Status
from tests.factories import MicroCredentialVersionFactory
from tests.processes import (
    CeleryWorker,
    Gunicorn,
    PrivateRedis,
    Visitor,
    manage,
    registry_environment,
    url_of_the_test_database,
    wait_until,
)

PASSWORD = "correct-horse-battery-9"


@pytest.fixture
def registry(transactional_db, reference_data, workflow, provider, institution_staff, regulator):
    published = workflow.version_in(Status.PUBLISHED, title="Data analysis for small firms")
    for person in (institution_staff, regulator):
        person.set_password(PASSWORD)
        person.save()
    redis = PrivateRedis()
    redis.start()
    env = registry_environment(
        database_url=url_of_the_test_database(),
        redis_url=redis.url,
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    web = Gunicorn(env)
    yield redis, web, env, published
    web.stop()
    redis.stop()


PUBLIC_PATHS = [
    "/",
    "/healthz",
    "/search/?q=data",
    "/frameworks/",
    "/api/v1/micro-credentials/",
    "/api/v1/search/?q=data",
]


def test_the_registry_keeps_answering_with_redis_stopped(
    registry, provider, institution_staff, regulator
):
    redis, web, env, published = registry
    code = published.micro_credential.code
    paths = [*PUBLIC_PATHS, f"/micro-credentials/{code}/", f"/api/v1/micro-credentials/{code}/"]
    assert all(web.get(path)[0] == 200 for path in paths)  # warm: cached answers exist
    draft = MicroCredentialVersionFactory(
        micro_credential__provider=provider,
        micro_credential__created_by=institution_staff,
        title="Bookkeeping with spreadsheets",
    )

    redis.stop()

    answers = {path: web.get(path)[0] for path in paths}
    assert answers == dict.fromkeys(paths, 200)
    assert "Redis is unavailable" in web.output()

    staff = Visitor(web.base)
    staff.sign_in(institution_staff.username, PASSWORD)
    dashboard = f"/portal/{provider.slug}/"
    assert staff.get(dashboard)[0] == 200
    item = f"{dashboard}micro-credentials/{draft.micro_credential.code}/"
    staff.get(item)
    status, page = staff.post(f"{item}submit/", {"response": ""})
    assert status == 200 and "Submitted for review" in page
    report = CheckReport.objects.get(version=draft)
    assert report.state == CheckReport.State.PENDING

    reviewer = Visitor(web.base)
    reviewer.sign_in(regulator.username, PASSWORD)
    status, queue = reviewer.get("/review/")
    assert status == 200 and "Bookkeeping with spreadsheets" in queue

    # Redis is back: the sweep queues the recorded checks and a worker runs them.
    redis.start()
    worker = CeleryWorker(env, queues="default,verification")
    try:
        CheckReport.objects.filter(pk=report.pk).update(
            queued_at=timezone.now() - timedelta(minutes=6)
        )
        manage(
            env,
            "shell",
            "-c",
            "from credentials.tasks import requeue_stale_checks; requeue_stale_checks()",
        )
        wait_until(
            lambda: CheckReport.objects.get(pk=report.pk).state == CheckReport.State.COMPLETE,
            "the checks to complete",
            30,
        )
    finally:
        worker.stop()


def test_the_api_rate_limit_degrades_open_without_redis(registry):
    redis, _web, env, _published = registry
    limited = Gunicorn({**env, "API_KEY_RATE": "3/minute"})
    try:
        with_redis = [limited.get("/api/v1/frameworks/")[0] for _ in range(4)]
        redis.stop()
        without_redis = [limited.get("/api/v1/frameworks/")[0] for _ in range(4)]
    finally:
        limited.stop()

    assert with_redis == [200, 200, 200, 429]
    assert without_redis == [200, 200, 200, 200]

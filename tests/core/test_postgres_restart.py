"""PostgreSQL restarted under a running registry: while it is down, requests fail fast with 503
(problem details on the API, a short page elsewhere, no traceback); once it is back, gunicorn and
the Celery worker carry on without being restarted."""

import json

import psycopg
import pytest

from tests.processes import (
    CeleryWorker,
    Gunicorn,
    PrivatePostgres,
    PrivateRedis,
    manage,
    registry_environment,
    wait_until,
)

# A guard against hanging, not a measurement: a request that waited this long answers status 0.
REQUEST_TIMEOUT = 10


@pytest.fixture(scope="module")
def registry():
    """A private PostgreSQL and Redis, migrated, with gunicorn and a worker running on them."""
    postgres, redis = PrivatePostgres(), PrivateRedis()
    redis.start()
    env = registry_environment(
        database_url=postgres.url,
        redis_url=redis.url,
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        CONN_MAX_AGE="600",
    )
    manage(env, "migrate", "--no-input")
    web = Gunicorn(env)
    worker = CeleryWorker(env, queues="default")
    yield postgres, web, worker, env
    web.stop()
    worker.stop()
    redis.stop()
    postgres.close()


def sent(postgres, subject: str) -> bool:
    with psycopg.connect(postgres.url) as conn:
        return bool(
            conn.execute(
                "SELECT 1 FROM core_outgoingemail WHERE subject = %s AND state = 'sent'", [subject]
            ).fetchone()
        )


def test_requests_fail_fast_with_503_and_recover_after_a_restart(registry):
    postgres, web, worker, env = registry
    assert web.get("/api/v1/frameworks/")[0] == 200
    assert web.get("/frameworks/")[0] == 200

    postgres.stop()
    api_status, api_headers, api_body = web.get("/api/v1/frameworks/", timeout=REQUEST_TIMEOUT)
    page_status, _page_headers, page_body = web.get("/frameworks/", timeout=REQUEST_TIMEOUT)

    assert api_status == 503
    assert api_headers["Content-Type"] == "application/problem+json"
    assert json.loads(api_body)["status"] == 503
    assert api_headers["Retry-After"] == "5"
    assert page_status == 503
    assert "Service unavailable" in page_body and "Traceback" not in page_body
    assert web.get("/healthz")[0] == 200  # the process itself is alive

    postgres.start()
    wait_until(lambda: web.get("/api/v1/frameworks/")[0] == 200, "the API to answer", 30)
    assert web.get("/frameworks/")[0] == 200

    # The worker, which kept its connection through the restart, does work again.
    manage(
        env,
        "shell",
        "-c",
        "from django.db import transaction\n"
        "from registry.core import outbox\n"
        "with transaction.atomic():\n"
        "    outbox.send_later(to=['ops@example.org'], subject='After the restart',"
        " template='503.html', context={'detail': 'Back.'})\n",
    )
    wait_until(lambda: sent(postgres, "After the restart"), "the worker to send the e-mail", 30)
    assert worker.process.poll() is None and web.process.poll() is None

"""Liveness and readiness probes.

`/healthz` answers while the process can serve a request. `/readyz` also checks what the registry
needs to do its work: PostgreSQL, Redis and at least one Celery worker. The checks run at most
once per `READINESS_CACHE_SECONDS` in each process, whoever asks and however often: the answer
is kept in memory (so it works with Redis down), and while one request runs the checks the others
get the last answer instead of starting their own.
"""

import threading
import time
from datetime import UTC, datetime

import redis
from django.conf import settings
from django.db import connection
from django.db.utils import Error as DatabaseError

from registry.celery import app as celery_app


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True, "ok"
    except DatabaseError as error:
        return False, f"unreachable: {error.__class__.__name__}"


def check_redis() -> tuple[bool, str]:
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        client.ping()
        return True, "ok"
    except redis.RedisError as error:
        return False, f"unreachable: {error.__class__.__name__}"


WORKER_PING_SECONDS = 0.5


def check_workers() -> tuple[bool, str]:
    try:
        replies = celery_app.control.ping(timeout=WORKER_PING_SECONDS) or []
    except Exception as error:
        return False, f"unreachable: {error.__class__.__name__}"
    if not replies:
        return False, "no worker answered"
    return True, f"{len(replies)} worker(s) answered"


Report = dict[str, dict[str, object]]


def run_checks() -> tuple[bool, Report]:
    results = {"database": check_database(), "redis": check_redis()}
    # The workers are reached through Redis: without it, pinging them only waits.
    results["celery"] = (
        check_workers() if results["redis"][0] else (False, "not checked: Redis is unreachable")
    )
    report: Report = {name: {"ok": ok, "detail": detail} for name, (ok, detail) in results.items()}
    return all(ok for ok, _ in results.values()), report


_lock = threading.Lock()
_last: tuple[float, bool, Report, str] | None = None


def readiness() -> tuple[bool, Report, str]:
    """(ready, the report of each check, when they ran), from the last run if it is recent."""
    global _last
    last = _last
    if last is not None:
        if time.monotonic() - last[0] < settings.READINESS_CACHE_SECONDS:
            return last[1:]
        if not _lock.acquire(blocking=False):
            return last[1:]  # another request is running the checks
    else:
        _lock.acquire()
    try:
        ready, report = run_checks()
        _last = (time.monotonic(), ready, report, datetime.now(UTC).isoformat())
        return ready, report, _last[3]
    finally:
        _lock.release()

"""Liveness and readiness probes.

`/healthz` answers while the process can serve a request. `/readyz` also checks what the registry
needs to do its work: PostgreSQL, Redis and at least one Celery worker.
"""

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


def check_workers() -> tuple[bool, str]:
    try:
        replies = celery_app.control.ping(timeout=1.0) or []
    except Exception as error:
        return False, f"unreachable: {error.__class__.__name__}"
    if not replies:
        return False, "no worker answered"
    return True, f"{len(replies)} worker(s) answered"


def readiness() -> tuple[bool, dict[str, dict[str, object]]]:
    results = {
        "database": check_database(),
        "redis": check_redis(),
        "celery": check_workers(),
    }
    report = {name: {"ok": ok, "detail": detail} for name, (ok, detail) in results.items()}
    return all(ok for ok, _ in results.values()), report

from celery import shared_task

from registry.core.models import IdempotencyRecord


@shared_task(name="core.ping")
def ping() -> str:
    """Round-trips through the broker and result backend; used by health checks and tests."""
    return "pong"


@shared_task(name="core.purge_idempotency_records")
def purge_idempotency_records() -> int:
    """Delete the idempotency records older than `IDEMPOTENCY_KEY_TTL`; returns how many."""
    deleted, _by_model = IdempotencyRecord.objects.expired().delete()
    return deleted

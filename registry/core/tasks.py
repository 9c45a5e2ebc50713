"""Celery tasks of the shared base: they take ids, call a service, and are safe to run twice."""

from celery import Task, shared_task

from registry.core import outbox
from registry.core.models import IdempotencyRecord
from registry.core.queueing import enqueue


@shared_task(name="core.ping", ignore_result=False)
def ping() -> str:
    """Round-trips through the broker and result backend; used by health checks and tests."""
    return "pong"


@shared_task(name="core.send_email", bind=True, acks_late=True, max_retries=None)
def send_email(self: Task, email_id: int) -> str:
    """Send one e-mail of the outbox; a failure is recorded and retried after its backoff."""
    try:
        return outbox.deliver(email_id)
    except outbox.DeliveryFailed as failure:
        if failure.retry_in is None:
            return "failed"
        raise self.retry(countdown=failure.retry_in.total_seconds()) from failure


@shared_task(name="core.sweep_outbox")
def sweep_outbox() -> int:
    """Queue again the e-mails still pending whose task was lost (Redis down, worker killed)."""
    queued = [email_id for email_id in outbox.due_for_sending() if enqueue(send_email, email_id)]
    outbox.mark_queued(queued)
    return len(queued)


@shared_task(name="core.purge_idempotency_records")
def purge_idempotency_records() -> int:
    """Delete the idempotency records older than `IDEMPOTENCY_KEY_TTL`; returns how many."""
    deleted, _by_model = IdempotencyRecord.objects.expired().delete()
    return deleted

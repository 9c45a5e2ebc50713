"""Celery tasks of awards: they take ids, call a service, and are safe to run twice."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from celery import shared_task
from django.utils import timezone

from credentials.awards import bulk_verification, certificates, services
from credentials.awards.models import IssuanceBatch, VerificationBatch
from registry.core.queueing import enqueue

# A batch still pending or running this long after it was queued is queued again (a lost task,
# a killed worker whose message Redis did not hand back).
STALE_AFTER = timedelta(minutes=15)
MAX_ATTEMPTS = 5
# A bulk verification takes minutes at most (20 minutes is its hard limit).
VERIFICATION_STALE_AFTER = timedelta(minutes=25)


def batch_task(name: str, *, time_limit: int) -> Callable[[Callable[..., Any]], Any]:
    """A task that runs a recorded batch: acknowledged only once done (a killed worker's
    message goes to another), retried with backoff, and stopped after `time_limit` seconds (a
    minute's warning first); the batch's own record makes running it again safe."""
    return shared_task(
        name=name,
        bind=True,
        acks_late=True,
        reject_on_worker_lost=True,
        autoretry_for=(Exception,),
        retry_backoff=5,
        retry_backoff_max=300,
        retry_jitter=True,
        max_retries=MAX_ATTEMPTS,
        time_limit=time_limit,
        soft_time_limit=time_limit - 60,
    )


@batch_task("awards.run_issuance_batch", time_limit=3600)
def run_issuance_batch(self, batch_id: int) -> str:
    """Issue a bulk issuance's rows (idempotent on (provider, external id))."""
    batch = services.run_batch(batch_id)
    return batch.state if batch else "missing"


@shared_task(name="awards.requeue_stale_batches")
def requeue_stale_batches() -> dict[str, int]:
    """Queue again the batches whose task was lost, and the learners' e-mails of issued batches
    whose task was lost; give up on batches out of attempts."""
    cutoff = timezone.now() - STALE_AFTER
    stale = IssuanceBatch.objects.filter(
        state__in=[IssuanceBatch.State.PENDING, IssuanceBatch.State.RUNNING], queued_at__lt=cutoff
    )
    failed = stale.filter(attempts__gte=MAX_ATTEMPTS).update(
        state=IssuanceBatch.State.FAILED, finished_at=timezone.now()
    )
    sent = 0
    for batch_id in stale.filter(attempts__lt=MAX_ATTEMPTS).values_list("pk", flat=True):
        IssuanceBatch.objects.filter(pk=batch_id).update(queued_at=timezone.now())
        sent += enqueue(run_issuance_batch, batch_id)
    unnotified = IssuanceBatch.objects.filter(
        state=IssuanceBatch.State.DONE, learners_notified_at__isnull=True, finished_at__lt=cutoff
    )
    notified = sum(
        enqueue(notify_batch_learners, pk) for pk in unnotified.values_list("pk", flat=True)
    )
    return {"requeued": sent, "failed": failed, "notifications_requeued": notified}


@batch_task("awards.notify_batch_learners", time_limit=1800)
def notify_batch_learners(self, batch_id: int) -> int:
    """E-mail an issued batch's learners their links (once per learner)."""
    return services.notify_batch_learners(batch_id)


@shared_task(
    name="awards.flush_verification_counts", acks_late=True, time_limit=120, soft_time_limit=90
)
def flush_verification_counts() -> int:
    """Add the verifications counted in Redis to the awards (beat, every few seconds)."""
    return services.flush_verification_counts()


@batch_task("awards.run_verification_batch", time_limit=1200)
def run_verification_batch(self, batch_id: int) -> str:
    """Verify a bulk verification's rows (idempotent: a chunk is recorded and counted once)."""
    batch = bulk_verification.run_batch(batch_id)
    return batch.state if batch else "missing"


@shared_task(name="awards.requeue_stale_verification_batches")
def requeue_stale_verification_batches() -> dict[str, int]:
    """Queue again the bulk verifications whose task was lost; give up on those out of
    attempts."""
    cutoff = timezone.now() - VERIFICATION_STALE_AFTER
    stale = VerificationBatch.objects.filter(
        state__in=[VerificationBatch.State.PENDING, VerificationBatch.State.RUNNING],
        queued_at__lt=cutoff,
    )
    failed = services.give_up_verification_batches(
        stale.filter(attempts__gte=MAX_ATTEMPTS).values_list("pk", flat=True)
    )
    sent = 0
    for batch_id in stale.filter(attempts__lt=MAX_ATTEMPTS).values_list("pk", flat=True):
        VerificationBatch.objects.filter(pk=batch_id).update(queued_at=timezone.now())
        sent += enqueue(run_verification_batch, batch_id)
    return {"requeued": sent, "failed": failed}


@shared_task(name="awards.purge_expired_verification_batches")
def purge_expired_verification_batches() -> int:
    """Delete bulk verifications past their keeping time (three days)."""
    return services.purge_expired_verification_batches()


@shared_task(
    name="awards.rerender_certificates",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(Exception,),
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=5,
    time_limit=600,
    soft_time_limit=570,
)
def rerender_certificates(provider_id: int) -> int:
    """Queue the renderings of a provider's certificates after its branding changed."""
    return certificates.queue_provider_renders(provider_id)


@shared_task(
    name="awards.queue_certificate_renders",
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=5,
    max_retries=MAX_ATTEMPTS,
    time_limit=300,
)
def queue_certificate_renders(award_ids: list[int]) -> int:
    """Send the rendering of each of these awards' certificates (an issued chunk's)."""
    return certificates.queue_renders(award_ids)


@shared_task(name="awards.requeue_stale_certificates")
def requeue_stale_certificates() -> int:
    """Queue again the certificates whose rendering stays pending (a lost task)."""
    return certificates.requeue_stale()

"""Celery tasks: they take ids, call a service, and are safe to run twice."""

from celery import shared_task

from credentials import checks
from registry.core.queueing import enqueue


@shared_task(name="credentials.run_checks", acks_late=True)
def run_checks(report_id: int) -> str:
    """Run a submission's checks. A failure is recorded on the report and left to the sweep,
    which queues it again with backoff and finally marks it failed: no retry storm here."""
    try:
        report = checks.complete_report(report_id)
    except Exception as error:
        checks.record_failure(report_id, error)
        raise
    return report.outcome if report else "skipped"


@shared_task(name="credentials.requeue_stale_checks")
def requeue_stale_checks() -> dict[str, int]:
    """Queue again the checks whose task was lost or failed (Redis outage, worker killed), each
    after its backoff; give up on those that have used their attempts."""
    requeued, failed = checks.sweep_pending()
    sent = sum(enqueue(run_checks, report_id) for report_id in requeued)
    return {"requeued": sent, "failed": len(failed)}

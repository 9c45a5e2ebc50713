"""Celery tasks: they take ids, call a service, and are safe to run twice."""

from datetime import timedelta

from celery import shared_task

from credentials import checks


@shared_task(
    name="credentials.run_checks",
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=8,
)
def run_checks(report_id: int) -> str:
    report = checks.complete_report(report_id)
    return report.outcome if report else "skipped"


@shared_task(name="credentials.requeue_stale_checks")
def requeue_stale_checks(older_than_seconds: int = 300) -> int:
    """Re-queue checks whose task was lost (Redis outage, worker killed before acking)."""
    report_ids = checks.stale_report_ids(timedelta(seconds=older_than_seconds))
    for report_id in report_ids:
        run_checks.delay(report_id)
    return len(report_ids)

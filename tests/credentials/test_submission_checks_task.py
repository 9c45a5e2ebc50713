"""The checks run on a real Celery worker through Redis, are safe to run twice, and a report whose
task was lost is picked up again by the periodic sweep (its backoff: test_check_sweep_backs_off)."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from credentials import services
from credentials.checks import complete_report
from credentials.models import CheckReport
from credentials.tasks import requeue_stale_checks, run_checks
from registry.audit.models import AuditEvent
from tests.factories import MicroCredentialVersionFactory

WAIT_SECONDS = 20


def wait_until_complete(report: CheckReport) -> CheckReport:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.state == CheckReport.State.COMPLETE:
            return report
        time.sleep(0.1)
    pytest.fail(f"The report was still {report.state} after {WAIT_SECONDS} s.")


@pytest.fixture
def lost_queue(monkeypatch):
    """Submissions whose task never reaches Redis (an outage at commit time)."""
    monkeypatch.setattr(services, "enqueue_on_commit", lambda task, *args: None)


def test_submitting_runs_the_checks_on_a_real_worker(celery_worker, draft, institution_staff):
    report = services.submit(actor=institution_staff, version=draft)  # commits: no test transaction

    report = wait_until_complete(report)

    assert report.outcome == CheckReport.Outcome.PASS
    assert {check["code"] for check in report.checks} >= {"provider_registered", "credits_hours"}
    assert AuditEvent.objects.filter(action="micro_credential.checks_completed").count() == 1


def test_running_the_checks_twice_changes_nothing(
    celery_worker, draft, institution_staff, lost_queue
):
    report = services.submit(actor=institution_staff, version=draft)
    assert complete_report(report.pk) is not None
    report.refresh_from_db()
    done = (report.state, report.outcome, report.checks, report.completed_at)
    events = AuditEvent.objects.count()

    assert complete_report(report.pk) is None
    assert run_checks.apply_async((report.pk,), ignore_result=False).get(WAIT_SECONDS) == "skipped"

    report.refresh_from_db()
    assert (report.state, report.outcome, report.checks, report.completed_at) == done
    assert AuditEvent.objects.count() == events


def test_the_sweep_requeues_a_report_left_pending_too_long(
    celery_worker, provider, draft, institution_staff, lost_queue
):
    stale = services.submit(actor=institution_staff, version=draft)
    CheckReport.objects.filter(pk=stale.pk).update(queued_at=timezone.now() - timedelta(minutes=10))
    recent_draft = MicroCredentialVersionFactory(
        micro_credential__provider=provider,
        micro_credential__created_by=institution_staff,
        title="Spreadsheet modelling for small businesses",
    )
    recent = services.submit(actor=institution_staff, version=recent_draft)

    swept = requeue_stale_checks.apply_async(ignore_result=False).get(timeout=WAIT_SECONDS)

    assert swept == {"requeued": 1, "failed": 0}
    stale = wait_until_complete(stale)
    assert stale.outcome == CheckReport.Outcome.PASS
    recent.refresh_from_db()
    assert recent.state == CheckReport.State.PENDING


def test_the_sweep_is_scheduled_every_minute():
    from django.conf import settings

    [entry] = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "credentials.requeue_stale_checks"
    ]
    assert timedelta(seconds=entry["schedule"]) == timedelta(minutes=1)

"""The sweep of pending checks records how often each report was queued, waits longer each time,
and after its last attempt marks the report failed, where a regulator sees it and can run the
checks again. A backlog is not multiplied, and a poisoned task does not loop."""

from datetime import timedelta

import pytest
from django.utils import timezone

from credentials import checks, services
from credentials.models import CheckReport
from registry.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(draft, institution_staff, monkeypatch):
    """A submitted version whose checks were queued at 09:00 and never ran."""
    monkeypatch.setattr(services, "enqueue_on_commit", lambda task, *args: None)
    report = services.submit(actor=institution_staff, version=draft)
    start = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    CheckReport.objects.filter(pk=report.pk).update(queued_at=start)
    report.refresh_from_db()
    return report


def at(report: CheckReport, minutes: float):
    return report.queued_at + timedelta(minutes=minutes)


def test_a_report_is_queued_again_once_its_delay_has_passed(pending):
    assert checks.sweep_pending(now=at(pending, 4)) == ([], [])

    assert checks.sweep_pending(now=at(pending, 6)) == ([pending.pk], [])

    swept = CheckReport.objects.get(pk=pending.pk)
    assert swept.attempts == 2
    assert swept.queued_at == at(pending, 6)


def test_each_attempt_waits_twice_as_long(pending):
    first = at(pending, 6)
    checks.sweep_pending(now=first)

    assert checks.sweep_pending(now=first + timedelta(minutes=9)) == ([], [])
    assert checks.sweep_pending(now=first + timedelta(minutes=11)) == ([pending.pk], [])
    second = first + timedelta(minutes=11)
    assert checks.sweep_pending(now=second + timedelta(minutes=19)) == ([], [])
    assert checks.sweep_pending(now=second + timedelta(minutes=21)) == ([pending.pk], [])


def test_every_minute_of_a_long_backlog_queues_each_report_a_few_times_only(pending):
    queued = 0
    now = pending.queued_at
    for _minute in range(24 * 60):
        now += timedelta(minutes=1)
        requeued, _failed = checks.sweep_pending(now=now)
        queued += len(requeued)

    assert queued == checks.MAX_ATTEMPTS - 1


def test_after_the_last_attempt_the_report_fails_visibly(pending, client, regulator):
    now = pending.queued_at
    while CheckReport.objects.get(pk=pending.pk).state == CheckReport.State.PENDING:
        now += timedelta(hours=6, minutes=1)
        checks.sweep_pending(now=now)

    pending.refresh_from_db()
    assert pending.state == CheckReport.State.FAILED
    assert pending.attempts == checks.MAX_ATTEMPTS
    assert "did not complete after 6 attempts" in pending.last_error
    assert AuditEvent.objects.filter(action="micro_credential.checks_failed").exists()
    client.force_login(regulator)
    page = client.get(f"/review/versions/{pending.version_id}/")
    assert "The automatic checks could not run." in page.text
    assert "Run the checks again" in page.text


def test_a_regulator_runs_failed_checks_again(pending, client, regulator, monkeypatch):
    CheckReport.objects.filter(pk=pending.pk).update(
        state=CheckReport.State.FAILED, attempts=6, last_error="ZeroDivisionError: boom"
    )
    queued = []
    monkeypatch.setattr(services, "enqueue_on_commit", lambda task, *args: queued.append(args))
    client.force_login(regulator)

    page = client.post(
        f"/review/versions/{pending.version_id}/checks/{pending.pk}/retry/", follow=True
    )

    assert "The checks are queued again." in page.text
    pending.refresh_from_db()
    assert (pending.state, pending.attempts) == (CheckReport.State.PENDING, 1)
    assert queued == [(pending.pk,)]
    assert AuditEvent.objects.filter(action="micro_credential.checks_retried").exists()


def test_only_regulators_may_run_checks_again(pending, client, institution_staff):
    CheckReport.objects.filter(pk=pending.pk).update(state=CheckReport.State.FAILED)
    client.force_login(institution_staff)

    answer = client.post(f"/review/versions/{pending.version_id}/checks/{pending.pk}/retry/")

    assert answer.status_code == 404
    pending.refresh_from_db()
    assert pending.state == CheckReport.State.FAILED


def test_a_task_that_breaks_records_why_and_is_left_to_the_sweep(pending, monkeypatch):
    from credentials.tasks import run_checks

    def broken(version):
        raise ZeroDivisionError("a check divided by zero")

    monkeypatch.setattr(checks, "run_checks", broken)

    with pytest.raises(ZeroDivisionError):
        run_checks.apply(args=(pending.pk,), throw=True)

    pending.refresh_from_db()
    assert pending.state == CheckReport.State.PENDING
    assert pending.last_error == "ZeroDivisionError: a check divided by zero"
    assert pending.attempts == 1

"""Outgoing mail goes through the outbox: recorded with the action that causes it, sent by a real
Celery worker, retried with backoff when the mail server fails, header-safe, and never turning an
action that has committed into an error, even when the mail server or the broker is down."""

import logging
import socket
import time
from datetime import timedelta

import pytest
from celery import Celery
from django.core import mail
from django.utils import timezone

from credentials import services
from credentials.models import Status
from registry.core import outbox
from registry.core.models import OutgoingEmail
from registry.core.queueing import enqueue
from registry.core.tasks import sweep_outbox

WAIT_SECONDS = 20


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def nothing(*args) -> None:
    """The body of a task on a broker nobody can reach."""


def wait_for(condition, what: str):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"{what} did not happen within {WAIT_SECONDS} s.")


@pytest.fixture
def submitted(workflow):
    return workflow.version_in(Status.SUBMITTED)


def approve(client, regulator, version):
    client.force_login(regulator)
    return client.post(
        f"/review/versions/{version.pk}/decide/",
        {"decision": "approve", "comment": "Meets the criteria."},
    )


def test_a_decision_is_mailed_by_a_real_worker(celery_worker, client, regulator, submitted):
    answer = approve(client, regulator, submitted)

    assert answer.status_code == 302
    wait_for(lambda: mail.outbox, "the e-mail")
    [message] = mail.outbox
    assert "Approved" in message.subject
    email = OutgoingEmail.objects.get()
    assert email.state == OutgoingEmail.State.SENT and email.sent_at is not None


def test_a_mail_server_failure_does_not_undo_the_decision(
    celery_worker, client, regulator, submitted, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()

    answer = approve(client, regulator, submitted)

    assert answer.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.PUBLISHED
    wait_for(lambda: OutgoingEmail.objects.filter(attempts=1).exists(), "the failed attempt")
    email = OutgoingEmail.objects.get()
    assert email.state == OutgoingEmail.State.PENDING
    assert "Connection refused" in email.last_error or "ConnectionRefused" in email.last_error
    assert email.next_attempt_at > timezone.now() + timedelta(seconds=50)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.deliver(email.pk) == "sent"
    assert len(mail.outbox) == 1


def test_backoff_doubles_and_ends_in_a_failed_state(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()
    email = OutgoingEmail.objects.create(recipients=["a@example.org"], subject="s", body="b")

    delays = []
    for _attempt in range(outbox.MAX_ATTEMPTS):
        with pytest.raises(outbox.DeliveryFailed) as failed:
            outbox.deliver(email.pk)
        delays.append(failed.value.retry_in)

    assert delays[:3] == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    assert delays[-1] is None
    email.refresh_from_db()
    assert (email.state, email.attempts) == (OutgoingEmail.State.FAILED, outbox.MAX_ATTEMPTS)
    assert outbox.deliver(email.pk) == "skipped"


def test_a_title_with_a_line_break_cannot_break_the_subject(workflow, sent_mail):
    version = workflow.version_in(Status.SUBMITTED, title="Safety\r\nBcc: everyone@example.org")

    services.approve(actor=workflow.regulator, version=version, comment="Fine.")

    [message] = sent_mail()
    assert "\n" not in message.subject and "\r" not in message.subject
    assert "Safety Bcc: everyone@example.org" in message.subject
    assert "everyone@example.org" not in message.recipients()


def test_a_broker_outage_after_commit_leaves_the_mail_for_the_sweep(
    celery_worker, client, regulator, submitted, monkeypatch, caplog
):
    dead_broker = Celery(
        "dead", broker=f"redis://127.0.0.1:{closed_port()}/0", set_as_current=False
    )
    dead_broker.conf.broker_connection_retry = False
    dead_broker.conf.task_publish_retry_policy = {"max_retries": 0}
    unreachable = dead_broker.task(name="core.send_email")(nothing)
    monkeypatch.setattr("registry.core.tasks.send_email", unreachable)

    with caplog.at_level(logging.WARNING, logger="registry.core.queueing"):
        answer = approve(client, regulator, submitted)

    assert answer.status_code == 302
    assert "the sweep will retry" in caplog.text
    email = OutgoingEmail.objects.get()
    assert email.state == OutgoingEmail.State.PENDING
    assert outbox.due_for_sending() == []  # it may still be on its way
    monkeypatch.undo()

    OutgoingEmail.objects.filter(pk=email.pk).update(
        queued_at=timezone.now() - outbox.QUEUED_GRACE - timedelta(seconds=1)
    )
    assert sweep_outbox.apply().get() == 1
    wait_for(lambda: mail.outbox, "the swept e-mail")
    email.refresh_from_db()
    assert email.state == OutgoingEmail.State.SENT


def test_enqueue_reports_a_broker_it_cannot_reach(caplog):
    dead_broker = Celery(
        "dead", broker=f"redis://127.0.0.1:{closed_port()}/0", set_as_current=False
    )
    dead_broker.conf.task_publish_retry_policy = {"max_retries": 0}
    task = dead_broker.task(name="registry.test.unreachable")(nothing)

    with caplog.at_level(logging.WARNING, logger="registry.core.queueing"):
        assert enqueue(task) is False

    assert "registry.test.unreachable" in caplog.text


def test_the_outbox_is_swept_every_minute(settings):
    [entry] = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "core.sweep_outbox"
    ]
    assert entry["schedule"] == 60.0

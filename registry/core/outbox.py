"""Every e-mail the registry sends goes through here.

`send_later` renders the message and records it (`OutgoingEmail`) in the caller's transaction,
then queues its sending for when that transaction commits: a decision that rolls back sends
nothing, and one that commits is never turned into an error by the mail server or the broker.
`deliver` (the `core.send_email` task) sends it; a failure is recorded and retried with
exponential backoff, up to `MAX_ATTEMPTS`, after which the e-mail is marked failed for an
operator to see in the admin. `due_for_sending` is what the periodic sweep queues again: pending
e-mails whose next attempt is due and whose task was lost or never sent.

Delivery is at least once: a worker killed between the mail server's acceptance and the commit
of "sent" sends the message again on the next attempt.
"""

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from registry.core.models import OutgoingEmail
from registry.core.queueing import enqueue

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
FIRST_RETRY_SECONDS = 60
LONGEST_RETRY_SECONDS = 6 * 3600
SUBJECT_LENGTH = 150
# How long a queued e-mail may wait for a worker before the sweep queues it again.
QUEUED_GRACE = timedelta(minutes=10)


def header_safe(text: str, *, limit: int = SUBJECT_LENGTH) -> str:
    """`text` as one header line: line breaks and other control characters become spaces (a
    title or provider name with a newline would otherwise make the mail library refuse it, or
    let someone inject headers), runs of spaces shrink to one, and it is cut to `limit`."""
    flat = "".join(" " if ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 else ch for ch in text)
    flat = re.sub(" {2,}", " ", flat).strip(" ")  # NO-BREAK SPACEs (French typography) stay
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class Letter:
    """An e-mail rendered (in the language active when it was composed), not yet recorded."""

    recipients: list[str]
    subject: str
    body: str


def compose(
    *, to: Iterable[str | None], subject: str, template: str, context: dict[str, Any]
) -> Letter | None:
    """`template` rendered now, in the active language, for `to` (empty addresses ignored);
    None when nobody is left to send it to."""
    recipients = sorted({address.strip() for address in to if address and address.strip()})
    if not recipients:
        return None
    return Letter(recipients, header_safe(subject), render_to_string(template, context))


def send_later(
    *, to: Iterable[str | None], subject: str, template: str, context: dict[str, Any]
) -> OutgoingEmail | None:
    """Record an e-mail to `to` (empty addresses ignored) with `template` rendered now, in the
    active language, and send it after the current transaction commits."""
    letter = compose(to=to, subject=subject, template=template, context=context)
    if letter is None:
        return None
    email = OutgoingEmail.objects.create(
        recipients=letter.recipients,
        subject=letter.subject,
        body=letter.body,
        queued_at=timezone.now(),
    )
    transaction.on_commit(lambda: _queue(email.pk))
    return email


def send_all_later(letters: Iterable[Letter | None]) -> list[OutgoingEmail]:
    """Record many composed e-mails with one insert (a bulk issuance's), and queue their sending
    after the current transaction commits. If the broker refuses one, the rest are left to the
    sweep rather than each waiting for the broker in turn."""
    now = timezone.now()
    emails = OutgoingEmail.objects.bulk_create(
        [
            OutgoingEmail(
                recipients=letter.recipients,
                subject=letter.subject,
                body=letter.body,
                queued_at=now,
            )
            for letter in letters
            if letter is not None
        ]
    )
    ids = [email.pk for email in emails]
    if ids:
        transaction.on_commit(lambda: _queue_all(ids))
    return emails


def _queue(email_id: int) -> bool:
    from registry.core import tasks  # the task calls `deliver` here: a real cycle

    return enqueue(tasks.send_email, email_id)


def _queue_all(email_ids: list[int]) -> None:
    for email_id in email_ids:
        if not _queue(email_id):
            break  # the broker is down: the sweep queues the rest once they are due


def retry_delay(attempts: int) -> timedelta:
    """Backoff after `attempts` failures: one minute, doubling, at most six hours."""
    seconds = FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, LONGEST_RETRY_SECONDS))


class DeliveryFailed(Exception):
    """The mail server refused or could not be reached; the attempt is recorded."""

    def __init__(self, email_id: int, error: Exception, retry_in: timedelta | None) -> None:
        super().__init__(f"e-mail {email_id}: {error}")
        self.retry_in = retry_in


def deliver(email_id: int) -> str:
    """Send one pending e-mail; "sent", "skipped" (not pending, or another worker has it) or
    raises `DeliveryFailed` after recording the failure."""
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, state=OutgoingEmail.State.PENDING)
            .first()
        )
        if email is None:
            return "skipped"
        try:
            send_mail(
                subject=email.subject,
                message=email.body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=email.recipients,
            )
        except Exception as error:  # SMTP, DNS, TLS, refused recipients...
            retry_in = _record_failure(email, error)
            failure = error
        else:
            email.state = OutgoingEmail.State.SENT
            email.sent_at = timezone.now()
            email.save(update_fields=["state", "sent_at"])
            return "sent"
    raise DeliveryFailed(email_id, failure, retry_in)


def _record_failure(email: OutgoingEmail, error: Exception) -> timedelta | None:
    """Count the failed attempt; the delay before the next one, or None after the last."""
    email.attempts += 1
    email.last_error = f"{type(error).__name__}: {error}"[:2000]
    retry_in: timedelta | None = None
    if email.attempts >= MAX_ATTEMPTS:
        email.state = OutgoingEmail.State.FAILED
        logger.error("Gave up sending e-mail %s: %s", email.pk, email.last_error)
    else:
        retry_in = retry_delay(email.attempts)
        email.next_attempt_at = timezone.now() + retry_in
        email.queued_at = email.next_attempt_at
    email.save(update_fields=["attempts", "last_error", "state", "next_attempt_at", "queued_at"])
    return retry_in


def due_for_sending(now: datetime | None = None) -> list[int]:
    """Pending e-mails whose next attempt is due and that no task is known to be carrying."""
    now = now or timezone.now()
    return list(
        OutgoingEmail.objects.filter(
            state=OutgoingEmail.State.PENDING,
            next_attempt_at__lte=now,
            queued_at__lt=now - QUEUED_GRACE,
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:1000]
    )


def mark_queued(email_ids: list[int]) -> None:
    OutgoingEmail.objects.filter(pk__in=email_ids).update(queued_at=timezone.now())

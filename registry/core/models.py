"""Records the registry keeps for its own plumbing."""

from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def idempotency_cutoff():
    """Records created before this no longer count: their keys are new again."""
    return timezone.now() - timedelta(seconds=settings.IDEMPOTENCY_KEY_TTL)


class IdempotencyRecordQuerySet(models.QuerySet):
    def expired(self):
        return self.filter(created_at__lt=idempotency_cutoff())


class IdempotencyRecord(models.Model):
    """The response to a create request sent with an `Idempotency-Key`, replayed on a retry."""

    key = models.CharField(max_length=255)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    request_hash = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField()
    response_body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = IdempotencyRecordQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_unique_user_key")
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.key})"

    def is_expired(self) -> bool:
        return self.created_at < idempotency_cutoff()


class OutgoingEmail(models.Model):
    """An e-mail the registry owes someone: recorded in the transaction of the action that causes
    it, so it exists exactly when the action does, then sent by a Celery task that retries with
    backoff (`registry.core.outbox`). A sweep queues again what is still pending."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Could not be sent")

    recipients = ArrayField(models.EmailField())
    subject = models.CharField(max_length=200)
    body = models.TextField()
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text=_("Sending attempts that failed.")
    )
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(state="pending"),
                name="outgoing_email_due",
            )
        ]
        verbose_name = _("outgoing e-mail")

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.recipients)} ({self.state})"

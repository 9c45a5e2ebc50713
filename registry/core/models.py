"""Records the registry keeps for its own plumbing."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


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

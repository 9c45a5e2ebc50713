"""Recording audit events. Every service that changes something calls `record_event` inside its
own transaction, so the event exists exactly when the change does."""

from django.contrib.contenttypes.models import ContentType

from registry.audit.models import AuditEvent
from registry.core.request_context import current_request_id

SYSTEM_ACTOR = "system"


def record_event(
    *,
    actor,
    action: str,
    obj,
    provider=None,
    before: dict | None = None,
    after: dict | None = None,
    comment: str = "",
) -> AuditEvent:
    is_person = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if is_person else None,
        actor_label=actor.get_username() if is_person else SYSTEM_ACTOR,
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        provider=provider,
        before=before or {},
        after=after or {},
        comment=comment,
        request_id=current_request_id(),
    )

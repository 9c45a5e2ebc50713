"""Recording audit events. Every service that changes something calls `record_event` inside its
own transaction, so the event exists exactly when the change does."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from registry.accounts.models import AnyUser, User
from registry.audit.models import AuditEvent
from registry.core.request_context import current_request_id
from registry.providers.models import Provider

SYSTEM_ACTOR = "system"


def record_event(
    *,
    actor: AnyUser | None,
    action: str,
    obj: Model,
    provider: Provider | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    comment: str = "",
) -> AuditEvent:
    person = actor if isinstance(actor, User) else None
    return AuditEvent.objects.create(
        actor=person,
        actor_label=person.get_username() if person else SYSTEM_ACTOR,
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

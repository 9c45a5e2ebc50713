"""Who may read which audit events (DESIGN.md §7): regulators all, members their providers'
(through an API key, only the key's provider's)."""

from django.db.models import Model

from registry.accounts.models import AnyUser
from registry.accounts.selectors import is_regulator, providers_for_user
from registry.audit.models import AuditEvent, AuditEventQuerySet
from registry.providers.models import Provider


def audit_events_for_user(
    user: AnyUser | None, *, action: str | None = None, provider: Provider | None = None
) -> AuditEventQuerySet:
    """The events `user` may read, newest first, narrowed to `action` and `provider` if given."""
    events = AuditEvent.objects.select_related("content_type", "actor", "provider")
    if not is_regulator(user):
        events = events.filter(provider__in=providers_for_user(user))
    if action:
        events = events.filter(action=action)
    if provider is not None:
        events = events.filter(provider=provider)
    return events


def object_history_for_user(user: AnyUser | None, obj: Model) -> AuditEventQuerySet:
    return audit_events_for_user(user).for_object(obj)


def audit_actions() -> list[str]:
    """Every action the trail has recorded, for a filter's choices."""
    return list(AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct())

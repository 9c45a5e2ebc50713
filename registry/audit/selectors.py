"""Who may read which audit events (DESIGN.md §7): regulators all, members their provider's."""

from registry.audit.models import AuditEvent


def audit_events_for_user(user):
    events = AuditEvent.objects.select_related("content_type")
    if not user.is_authenticated:
        return events.none()
    if user.is_regulator:
        return events
    return events.filter(provider__memberships__user=user)


def object_history_for_user(user, obj):
    return audit_events_for_user(user).for_object(obj)

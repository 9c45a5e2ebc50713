"""Creating and revoking a key leave audit events on the provider's trail (never the secret)."""

from registry.accounts.services import revoke_api_key
from registry.audit.models import AuditEvent


def test_create_and_revoke_are_audited(institution_admin, provider, make_key):
    key, plaintext = make_key(scopes=["read", "write"])
    revoke_api_key(actor=institution_admin, key=key)
    events = list(AuditEvent.objects.filter(object_id=str(key.pk)).order_by("pk"))
    assert [e.action for e in events] == ["api_key.created", "api_key.revoked"]
    created, revoked = events
    assert created.provider == provider and revoked.provider == provider
    assert created.actor == institution_admin
    assert created.after == {
        "name": "Student records system",
        "prefix": key.prefix,
        "scopes": ["read", "write"],
    }
    assert revoked.before["revoked_at"] is None and revoked.after["revoked_at"]
    for event in events:
        assert plaintext not in str(event.before) + str(event.after) + event.object_repr

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from registry.audit.models import AuditEvent
from registry.audit.services import record_event
from registry.providers.models import Provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    provider = Provider.objects.create(
        slug="acme", legal_name="Acme", provider_type=Provider.Type.EMPLOYER, country="MU"
    )
    return record_event(
        actor=None, action="provider.registered", obj=provider, provider=provider, after={"a": 1}
    )


def test_the_database_refuses_to_update_an_audit_event(event):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_auditevent SET action = 'forged' WHERE id = %s", [event.pk])

    event.refresh_from_db()
    assert event.action == "provider.registered"


def test_the_database_refuses_to_delete_an_audit_event(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()

    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_an_event_records_actor_action_object_and_change(event):
    assert event.actor_label == "system"
    assert event.object_repr == "Acme"
    assert event.after == {"a": 1}
    assert event.changed_fields() == [("a", None, 1)]

"""The application's database role, granted as production grants it
(`manage.py grant_application_role`), can append to the audit trail and read it, but no SQL it
may run changes or removes an event: not UPDATE, DELETE or TRUNCATE, not switching triggers off
or dropping them, not `session_replication_role`. TRUNCATE by the owner is refused too."""

import secrets

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.utils import DatabaseError

from registry.audit.models import AuditEvent
from registry.audit.services import record_event
from registry.providers.models import Provider

ATTEMPTS = {
    "update": "UPDATE audit_auditevent SET action = 'forged'",
    "delete": "DELETE FROM audit_auditevent",
    "truncate": "TRUNCATE audit_auditevent",
    "truncate cascade": "TRUNCATE audit_auditevent CASCADE",
    "disable triggers": "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
    "disable one trigger": "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only",
    "drop trigger": "DROP TRIGGER audit_event_append_only ON audit_auditevent",
    "drop function": "DROP FUNCTION audit_event_refuse_change() CASCADE",
    "replication role": "SET session_replication_role = replica",
    "drop table": "DROP TABLE audit_auditevent",
    "rename table": "ALTER TABLE audit_auditevent RENAME TO audit_old",
    "grant itself": "GRANT UPDATE ON audit_auditevent TO CURRENT_USER; "
    "UPDATE audit_auditevent SET action = 'forged'",
}


def make_event():
    provider = Provider.objects.create(
        slug="acme", legal_name="Acme", provider_type=Provider.Type.EMPLOYER, country="MU"
    )
    return record_event(actor=None, action="provider.registered", obj=provider, provider=provider)


@pytest.fixture
def application_role(transactional_db, monkeypatch):
    """A fresh LOGIN role granted as production would, and a psycopg connection as it."""
    role = f"registry_app_{secrets.token_hex(4)}"
    password = secrets.token_urlsafe(16)
    monkeypatch.setenv("TEST_APP_DATABASE_PASSWORD", password)
    call_command("grant_application_role", role, password_env="TEST_APP_DATABASE_PASSWORD")
    params = connection.get_connection_params()
    conninfo = {key: params[key] for key in ("dbname", "host", "port") if params.get(key)}
    try:
        with psycopg.connect(**conninfo, user=role, password=password, autocommit=True) as app:
            yield app
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP OWNED BY "{role}"')
            cursor.execute(f'DROP ROLE "{role}"')


def test_the_application_role_cannot_change_or_remove_audit_events(application_role):
    event = make_event()
    allowed = []

    for attempt, statement in ATTEMPTS.items():
        try:
            with application_role.transaction():
                application_role.execute(statement)
        except psycopg.Error:
            continue
        allowed.append(attempt)

    assert allowed == []
    event.refresh_from_db()
    assert event.action == "provider.registered"
    assert AuditEvent.objects.count() == 1


def test_the_application_role_reads_appends_and_works_on_other_tables(application_role):
    event = make_event()

    with application_role.transaction():
        application_role.execute(
            "INSERT INTO audit_auditevent (created_at, actor_label, action, content_type_id,"
            " object_id, object_repr, before, after, comment, request_id)"
            " SELECT now(), 'system', 'test.appended', content_type_id, object_id, object_repr,"
            " '{}', '{}', '', '' FROM audit_auditevent WHERE id = %s",
            [event.pk],
        )
        application_role.execute("UPDATE providers_provider SET legal_name = 'Acme Ltd'")
        count = application_role.execute("SELECT count(*) FROM audit_auditevent").fetchone()[0]

    assert count == 2
    assert Provider.objects.get().legal_name == "Acme Ltd"


def test_granting_is_idempotent_and_refuses_a_superuser(application_role):
    role = application_role.info.user
    call_command("grant_application_role", role)

    with pytest.raises(CommandError, match="superuser"):
        call_command("grant_application_role", connection.get_connection_params()["user"])


def test_the_owner_cannot_truncate_the_audit_trail(db):
    make_event()

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # check the new event's keys now
        cursor.execute("TRUNCATE audit_auditevent")

    assert AuditEvent.objects.count() == 1

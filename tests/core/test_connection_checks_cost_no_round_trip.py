"""Before a request first uses a kept connection, the registry checks it without a statement
(registry.core.postgresql): a connection the server ended (a restart, an administrator) is
found unusable and replaced, a live one is kept, and neither costs a round trip."""

import time

import psycopg
import pytest
from django.db import connections

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept_connection():
    """A connection of the registry's own, apart from the test's."""
    wrapper = connections.create_connection("default")
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def test_a_live_connection_is_usable_without_a_statement(kept_connection):
    def no_statement(*args, **kwargs):
        raise AssertionError("the check sent a statement")

    raw = kept_connection.connection
    raw.cursor, raw.execute = no_statement, no_statement  # type: ignore[method-assign]

    assert kept_connection.is_usable()


def test_a_connection_the_server_ended_is_replaced_before_use(kept_connection, settings):
    database = settings.DATABASES["default"]
    with psycopg.connect(
        host=database["HOST"] or None,
        port=database["PORT"] or None,
        user=database["USER"],
        password=database["PASSWORD"] or None,
        dbname=database["NAME"],
        autocommit=True,
    ) as administrator:
        administrator.execute(
            "SELECT pg_terminate_backend(%s)", [kept_connection.connection.info.backend_pid]
        )

    assert not _eventually_unusable(kept_connection)
    kept_connection.health_check_done = False
    kept_connection.close_if_health_check_failed()
    with kept_connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def _eventually_unusable(wrapper) -> bool:
    """is_usable(), asked until it says no (the server's goodbye takes a moment to arrive)."""
    deadline = time.monotonic() + 10  # a bound on waiting, not a speed check
    while wrapper.is_usable() and time.monotonic() < deadline:
        time.sleep(0.01)
    return wrapper.is_usable()

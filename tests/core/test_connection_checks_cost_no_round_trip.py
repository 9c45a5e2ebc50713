"""Before a request first uses a kept connection, the registry checks it without a statement
(registry.core.postgresql): a connection the server ended (a restart, an administrator) is
found unusable and replaced, a live one is kept, and neither costs a round trip."""

import pytest
from django.db import connections

from tests.processes import wait_until

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


def test_a_connection_the_server_ended_is_replaced_before_use(kept_connection):
    ended = kept_connection.connection.info.backend_pid
    administrator = connections.create_connection("default")
    with administrator.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [ended])
    administrator.close()

    # the server's goodbye takes a moment to reach the socket
    wait_until(lambda: not kept_connection.is_usable(), "the end of the connection to show", 10)
    kept_connection.health_check_done = False
    kept_connection.close_if_health_check_failed()
    with kept_connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != ended

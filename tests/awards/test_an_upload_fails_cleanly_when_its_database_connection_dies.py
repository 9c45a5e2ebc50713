"""Verifying an upload reads the award while the signature is checked (a psycopg pipeline). If
the connection dies under it, the failure is Django's OperationalError, which the registry
answers with 503, and the connection is marked broken so the next request gets a new one."""

import pytest
from django.db import OperationalError, connection, connections

from credentials.awards import verification
from tests.processes import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_dead_connection_under_an_upload_is_an_operational_error(award):
    credential = award.credential
    assert verification.verify_document(credential).outcome == verification.VALID
    administrator = connections.create_connection("default")
    with administrator.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [connection.connection.info.backend_pid])
    administrator.close()
    wait_until(lambda: not connection.is_usable(), "the end of the connection to show", 10)

    with pytest.raises(OperationalError):
        verification.verify_document(credential)

    assert connection.errors_occurred
    connection.close()
    assert verification.verify_document(credential).outcome == verification.VALID

"""The public register's API answers are cached, and a committed change shows at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from credentials import services
from tests.factories import MicroCredentialVersionFactory


@pytest.fixture
def committed_record(transactional_db, reference_data, provider, institution_staff, regulator):
    """A published micro-credential, committed (answers read inside a transaction are never
    cached, so this test needs real commits)."""
    version = MicroCredentialVersionFactory(
        micro_credential__provider=provider, micro_credential__created_by=institution_staff
    )
    services.submit(actor=institution_staff, version=version)
    services.approve(actor=regulator, version=version, comment="Approved.")
    return version


def test_a_second_read_is_answered_from_the_cache(committed_record, api):
    path = f"/api/v1/micro-credentials/{committed_record.micro_credential.code}/"
    first = api.get(path)
    with CaptureQueriesContext(connection) as queries:
        second = api.get(path)
    assert second.status_code == 200
    assert second["Content-Type"] == "application/json"
    assert second.json() == first.json()
    assert len(queries) == 0


def test_a_committed_change_shows_at_once(committed_record, api, regulator):
    code = committed_record.micro_credential.code
    detail = f"/api/v1/micro-credentials/{code}/"
    assert api.get(detail).json()["status"] == "published"
    assert [item["status"] for item in api.get("/api/v1/micro-credentials/").json()["results"]] == [
        "published"
    ]

    services.suspend(actor=regulator, version=committed_record, reason="Under investigation.")

    assert api.get(detail).json()["status"] == "suspended"
    assert [item["status"] for item in api.get("/api/v1/micro-credentials/").json()["results"]] == [
        "suspended"
    ]


def test_a_renamed_provider_shows_at_once(committed_record, api, provider):
    detail = f"/api/v1/micro-credentials/{committed_record.micro_credential.code}/"
    assert api.get(detail).json()["provider"]["name"] == "University of Port Louis"

    provider.trading_name = "UoPL"
    provider.save(update_fields=["trading_name"])

    assert api.get(detail).json()["provider"]["name"] == "UoPL"

"""The public micro-credential shape is written out by hand for speed; it must say exactly what
the serializer's declared fields say, for every kind of record, in one query per request."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.serializers import ModelSerializer
from rest_framework.test import APIRequestFactory

from credentials import services
from credentials.api.serializers import PublicMicroCredentialSerializer
from credentials.selectors import public_versions
from tests.factories import MicroCredentialVersionFactory


def published(provider, member, regulator, **fields):
    version = MicroCredentialVersionFactory(
        micro_credential__provider=provider, micro_credential__created_by=member, **fields
    )
    services.submit(actor=member, version=version)
    services.approve(actor=regulator, version=version, comment="Approved.")
    return version


@pytest.fixture
def records(provider, institution_staff, regulator):
    provider.trading_name = "UoPL"
    provider.save(update_fields=["trading_name"])
    plain = published(provider, institution_staff, regulator)
    full = published(
        provider,
        institution_staff,
        regulator,
        credits=Decimal("7.5"),
        validity_months=24,
        public_url="https://uopl.example.mu/courses/cloud",
        skills=["cloud security", "identity management", "risk assessment"],
        languages=["en", "fr"],
        prerequisites="A first course in networking.",
    )
    suspended = published(provider, institution_staff, regulator)
    services.suspend(actor=regulator, version=suspended, reason="Under investigation.")
    return [plain, full, suspended]


def test_the_written_out_shape_is_what_the_declared_fields_give(records):
    request = APIRequestFactory().get("/api/v1/micro-credentials/")
    for version in public_versions():
        serializer = PublicMicroCredentialSerializer(version, context={"request": request})
        generic = ModelSerializer.to_representation(serializer, version)
        assert serializer.data == generic
        assert list(serializer.data) == list(generic)
    assert public_versions().count() == len(records)


def test_a_list_page_and_a_record_each_take_one_query(records, api):
    code = records[0].micro_credential.code
    api.get("/api/v1/micro-credentials/")  # warm up what is loaded once per process
    for path in ("/api/v1/micro-credentials/", f"/api/v1/micro-credentials/{code}/"):
        with CaptureQueriesContext(connection) as queries:
            response = api.get(path)
        assert response.status_code == 200
        assert len(queries) == 1, [query["sql"] for query in queries]

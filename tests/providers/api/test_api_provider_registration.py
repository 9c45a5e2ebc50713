"""A regulator registers a provider directly by API, with its scope; nobody else may."""

import pytest
from rest_framework.test import APIClient

from registry.accounts.services import create_api_key
from registry.audit.models import AuditEvent
from registry.providers.models import Provider
from tests.providers.api.conftest import PROBLEM, registration

pytestmark = pytest.mark.django_db


def test_a_regulator_registers_a_provider_with_its_scope(regulator_api, reference_data):
    response = regulator_api.post("/api/v1/providers/", registration(), format="json")

    assert response.status_code == 201
    body = response.json()
    assert body["slug"] == "ioit"
    assert body["status"] == "registered"
    assert body["country"] == "MU"
    assert body["scope"]["frameworks"] == ["MU-NQF"]
    assert [field["code"] for field in body["scope"]["fields_of_study"]] == ["041", "06"]
    assert body["scope"]["highest_level"] == 7
    provider = Provider.objects.get(slug="ioit")
    event = AuditEvent.objects.for_object(provider).get(action="provider.registered")
    assert event.actor.username == "regulator"


def test_the_scope_may_be_left_out(regulator_api, reference_data):
    data = registration()
    del data["scope"]

    response = regulator_api.post("/api/v1/providers/", data, format="json")

    assert response.status_code == 201
    assert response.json()["scope"] == {
        "frameworks": [],
        "highest_level": None,
        "fields_of_study": [],
        "recognition_types": [],
    }


def test_bad_fields_answer_400_with_each_field_named(regulator_api, reference_data):
    data = registration(country="Mauritius", provider_type="castle", website="not a url")
    data["scope"] = {
        "frameworks": ["NOPE"],
        "highest_level": 0,
        "fields_of_study": ["0613"],
        "recognition_types": ["accredited"],
    }

    response = regulator_api.post("/api/v1/providers/", data, format="json")

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert {"country", "provider_type", "website"} <= set(response.json()["errors"])
    assert not Provider.objects.filter(legal_name=data["legal_name"]).exists()


def test_scope_codes_are_checked(regulator_api, reference_data):
    data = registration()
    data["scope"] = {
        "frameworks": ["NOPE"],
        "highest_level": 0,
        "fields_of_study": ["0613"],
        "recognition_types": ["accredited"],
    }

    response = regulator_api.post("/api/v1/providers/", data, format="json")

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["scope.frameworks"] == ["Unknown framework codes: NOPE."]
    assert "0613" in errors["scope.fields_of_study"][0]
    assert "scope.highest_level" in errors
    assert not Provider.objects.filter(slug="ioit").exists()


def test_a_known_registration_number_is_refused(regulator_api, reference_data):
    assert (
        regulator_api.post("/api/v1/providers/", registration(), format="json").status_code == 201
    )

    again = regulator_api.post(
        "/api/v1/providers/", registration(legal_name="Another name"), format="json"
    )

    assert again.status_code == 400
    assert "registration_number" in again.json()["errors"]
    assert Provider.objects.filter(registration_number="C-998877").count() == 1


def test_a_retry_with_the_same_idempotency_key_registers_once(regulator_api, reference_data):
    first = regulator_api.post(
        "/api/v1/providers/", registration(), format="json", HTTP_IDEMPOTENCY_KEY="reg-1"
    )
    second = regulator_api.post(
        "/api/v1/providers/", registration(), format="json", HTTP_IDEMPOTENCY_KEY="reg-1"
    )

    assert first.status_code == second.status_code == 201
    assert second["Idempotent-Replayed"] == "true"
    assert second.json() == first.json()
    assert Provider.objects.filter(registration_number="C-998877").count() == 1


def test_institution_members_get_403_and_anonymous_401(api, admin_api, reference_data):
    anonymous = api.post("/api/v1/providers/", registration(), format="json")
    member = admin_api.post("/api/v1/providers/", registration(), format="json")

    assert anonymous.status_code == 401
    assert member.status_code == 403
    assert member["Content-Type"] == PROBLEM
    assert not Provider.objects.filter(slug="ioit").exists()


def test_a_regulators_read_only_key_cannot_register(regulator, reference_data):
    _key, plaintext = create_api_key(actor=regulator, provider=None, name="Stats", scopes=["read"])
    client = APIClient()

    response = client.post(
        "/api/v1/providers/",
        registration(),
        format="json",
        HTTP_AUTHORIZATION=f"Bearer {plaintext}",
    )

    assert response.status_code == 403
    assert not Provider.objects.filter(slug="ioit").exists()

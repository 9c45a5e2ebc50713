"""The public reads the provider register by API: registered, suspended and deregistered
providers with their scope; applications and declined applications never appear."""

import pytest

from registry.providers.models import Provider
from tests.factories import ProviderFactory
from tests.providers.api.conftest import PROBLEM

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(reference_data):
    return {
        status: ProviderFactory(slug=f"p-{status}", status=status)
        for status in Provider.Status.values
    }


def slugs(response) -> set[str]:
    return {item["slug"] for item in response.json()["results"]}


def test_the_list_shows_public_providers_only(api, register):
    response = api.get("/api/v1/providers/")

    assert response.status_code == 200
    assert slugs(response) == {"p-registered", "p-suspended", "p-deregistered"}


def test_a_provider_shows_its_status_and_scope(api, register):
    response = api.get("/api/v1/providers/p-registered/")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "registered"
    assert body["scope"]["frameworks"] == ["MU-NQF"]
    assert body["scope"]["highest_level"] == 8
    assert [field["code"] for field in body["scope"]["fields_of_study"]] == ["04", "06"]
    assert set(body["scope"]["recognition_types"]) == {"accredited", "endorsed", "self_attested"}
    assert "contact_email" not in body and "applicant_email" not in body


@pytest.mark.parametrize("status", ["applied", "declined"])
def test_applications_answer_404(api, register, status):
    response = api.get(f"/api/v1/providers/p-{status}/")

    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM


def test_filters_by_status_country_and_framework(api, register):
    ProviderFactory(slug="za-college", country="ZA")

    assert slugs(api.get("/api/v1/providers/?status=suspended")) == {"p-suspended"}
    assert slugs(api.get("/api/v1/providers/?country=za")) == {"za-college"}
    assert "p-registered" in slugs(api.get("/api/v1/providers/?framework=MU-NQF"))
    assert slugs(api.get("/api/v1/providers/?framework=EQF")) == set()


def test_a_filter_cannot_reach_applications(api, register):
    response = api.get("/api/v1/providers/?status=applied")

    assert response.status_code == 400
    assert "status" in response.json()["errors"]


def test_the_list_pages_with_a_cursor(api, reference_data):
    for n in range(55):
        ProviderFactory(slug=f"college-{n:02d}")

    first = api.get("/api/v1/providers/").json()
    second = api.get(first["next"]).json()

    assert len(first["results"]) == 50
    assert len(second["results"]) == 5
    assert not {p["slug"] for p in first["results"]} & {p["slug"] for p in second["results"]}

"""The audit trail by API (DESIGN.md §7): regulators read every event, institution members their
own provider's only, anonymous callers nothing; filters and newest-first cursor pages."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from credentials import services
from registry.accounts.services import create_api_key
from registry.providers import services as provider_services
from tests.factories import MicroCredentialVersionFactory

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def trail(provider, other_provider, institution_staff, other_staff, regulator):
    """A submission at each provider and a suspension of the other one."""
    ours = MicroCredentialVersionFactory(
        micro_credential__provider=provider, micro_credential__created_by=institution_staff
    )
    theirs = MicroCredentialVersionFactory(
        micro_credential__provider=other_provider, micro_credential__created_by=other_staff
    )
    services.submit(actor=institution_staff, version=ours)
    services.submit(actor=other_staff, version=theirs)
    provider_services.suspend_provider(actor=regulator, provider=other_provider, reason="Audit.")
    return {"ours": ours, "theirs": theirs}


def events(client, query="") -> list[dict]:
    response = client.get(f"/api/v1/audit-events/{query}")
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_a_regulator_reads_every_event_newest_first(regulator, trail):
    results = events(client_for(regulator))

    assert {event["provider"] for event in results} == {"uopl", "ocean"}
    assert results[0]["action"] == "provider.suspended"
    times = [event["created_at"] for event in results]
    assert times == sorted(times, reverse=True)


def test_a_member_reads_their_own_providers_events_only(institution_staff, trail):
    results = events(client_for(institution_staff))

    assert results
    assert {event["provider"] for event in results} == {"uopl"}
    submitted = next(e for e in results if e["action"] == "micro_credential.submitted")
    assert submitted["actor"] == "staff"
    assert submitted["object"]["type"] == "credentials.microcredentialversion"
    assert submitted["object"]["id"] == str(trail["ours"].pk)


def test_asking_for_another_providers_events_shows_nothing(institution_staff, trail):
    assert events(client_for(institution_staff), "?provider=ocean") == []


def test_an_institution_key_reads_its_providers_events(institution_admin, provider, trail):
    _key, plaintext = create_api_key(
        actor=institution_admin, provider=provider, name="SIS", scopes=["read"]
    )
    response = APIClient().get("/api/v1/audit-events/", HTTP_AUTHORIZATION=f"Bearer {plaintext}")

    assert response.status_code == 200
    assert {event["provider"] for event in response.json()["results"]} == {"uopl"}


def test_anonymous_callers_get_401_problem_details(trail):
    response = APIClient().get("/api/v1/audit-events/")

    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    assert response.json()["status"] == 401


def test_filters_by_provider_action_and_object(regulator, trail):
    client = client_for(regulator)
    ours = trail["ours"]

    by_provider = events(client, "?provider=ocean")
    by_action = events(client, "?action=provider.suspended")
    by_object = events(
        client, f"?object_type=credentials.microcredentialversion&object_id={ours.pk}"
    )

    assert {event["provider"] for event in by_provider} == {"ocean"}
    assert [event["action"] for event in by_action] == ["provider.suspended"]
    assert by_object and all(event["object"]["id"] == str(ours.pk) for event in by_object)


def test_filters_by_time(regulator, trail):
    client = client_for(regulator)
    later = (timezone.now() + timedelta(hours=1)).isoformat()

    assert events(client, "?since=" + later.replace("+", "%2B")) == []
    assert len(events(client, "?until=" + later.replace("+", "%2B"))) == len(events(client))


def test_a_malformed_time_answers_400(regulator, trail):
    response = client_for(regulator).get("/api/v1/audit-events/?since=yesterday")

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert "since" in response.json()["errors"]


def test_pages_follow_with_a_cursor(regulator, trail):
    client = client_for(regulator)
    everything = events(client)

    first = client.get("/api/v1/audit-events/?page_size=2").json()
    second = client.get(first["next"]).json()

    assert [e["id"] for e in first["results"] + second["results"]] == [
        e["id"] for e in everything[:4]
    ]

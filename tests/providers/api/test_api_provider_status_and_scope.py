"""Regulators set a provider's scope and suspend, deregister or reinstate it by API, with a
reason; a move the register does not allow answers 409; members get 403."""

import datetime

import pytest

from registry.audit.models import AuditEvent
from registry.providers.models import Provider
from tests.providers.api.conftest import PROBLEM

pytestmark = pytest.mark.django_db

SCOPE = {
    "frameworks": ["MU-NQF", "EQF"],
    "highest_level": 5,
    "fields_of_study": ["04"],
    "recognition_types": ["endorsed"],
}


def test_a_regulator_replaces_the_scope(regulator_api, provider):
    response = regulator_api.put(f"/api/v1/providers/{provider.slug}/scope/", SCOPE, format="json")

    assert response.status_code == 200
    assert response.json()["scope"] == {
        "frameworks": ["EQF", "MU-NQF"],
        "highest_level": 5,
        "fields_of_study": [
            {"code": "04", "name": response.json()["scope"]["fields_of_study"][0]["name"]}
        ],
        "recognition_types": ["endorsed"],
    }
    event = AuditEvent.objects.for_object(provider).get(action="provider.scope_changed")
    assert event.after["highest_level"] == 5


def test_a_partial_scope_is_refused(regulator_api, provider):
    response = regulator_api.put(
        f"/api/v1/providers/{provider.slug}/scope/", {"highest_level": 3}, format="json"
    )

    assert response.status_code == 400
    assert {"frameworks", "fields_of_study", "recognition_types"} <= set(response.json()["errors"])
    provider.refresh_from_db()
    assert provider.scope_highest_level == 8


def test_suspend_with_a_reason_and_an_effective_date(regulator_api, provider):
    response = regulator_api.post(
        f"/api/v1/providers/{provider.slug}/suspend/",
        {"reason": "Quality audit under way.", "effective_date": "2026-12-01"},
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "suspended"
    assert body["status_reason"] == "Quality audit under way."
    assert body["status_effective_date"] == "2026-12-01"
    provider.refresh_from_db()
    assert provider.status_effective_date == datetime.date(2026, 12, 1)


def test_reinstate_then_deregister(regulator_api, provider):
    base = f"/api/v1/providers/{provider.slug}/"
    regulator_api.post(base + "suspend/", {"reason": "Audit."}, format="json")

    reinstated = regulator_api.post(base + "reinstate/", {"reason": "Audit passed."}, format="json")
    deregistered = regulator_api.post(base + "deregister/", {"reason": "Closed."}, format="json")

    assert reinstated.status_code == 200 and reinstated.json()["status"] == "registered"
    assert deregistered.status_code == 200 and deregistered.json()["status"] == "deregistered"
    actions = set(AuditEvent.objects.for_object(provider).values_list("action", flat=True))
    assert {"provider.suspended", "provider.reinstated", "provider.deregistered"} <= actions


def test_a_reason_is_required(regulator_api, provider):
    response = regulator_api.post(
        f"/api/v1/providers/{provider.slug}/suspend/", {"reason": ""}, format="json"
    )

    assert response.status_code == 400
    assert "reason" in response.json()["errors"]
    provider.refresh_from_db()
    assert provider.status == Provider.Status.REGISTERED


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("reinstate/", {"reason": "Nothing to lift."}),
        ("suspend/", {"reason": "Already gone."}),
        ("deregister/", {"reason": "Already gone."}),
        ("scope/", SCOPE),
    ],
)
def test_moves_the_register_does_not_allow_answer_409(regulator_api, provider, path, body):
    Provider.objects.filter(pk=provider.pk).update(status=Provider.Status.DEREGISTERED)
    method = regulator_api.put if path == "scope/" else regulator_api.post

    response = method(f"/api/v1/providers/{provider.slug}/{path}", body, format="json")

    assert response.status_code == 409
    assert response["Content-Type"] == PROBLEM
    assert response.json()["status"] == 409


def test_an_unknown_provider_answers_404_to_a_regulator(regulator_api, reference_data):
    response = regulator_api.post("/api/v1/providers/nope/suspend/", {"reason": "x"}, format="json")

    assert response.status_code == 404


def test_members_get_403_and_nothing_changes(admin_api, api, provider):
    for client, expected in ((admin_api, 403), (api, 401)):
        responses = [
            client.put(f"/api/v1/providers/{provider.slug}/scope/", SCOPE, format="json"),
            client.post(f"/api/v1/providers/{provider.slug}/suspend/", {"reason": "x"}),
            client.post(f"/api/v1/providers/{provider.slug}/deregister/", {"reason": "x"}),
            client.post(f"/api/v1/providers/{provider.slug}/reinstate/", {"reason": "x"}),
        ]
        assert [r.status_code for r in responses] == [expected] * 4
    provider.refresh_from_db()
    assert provider.status == Provider.Status.REGISTERED
    assert provider.scope_highest_level == 8

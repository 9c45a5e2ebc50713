"""Withdrawn and suspended records, and those of suspended or deregistered providers, leave the
results by default; `include` brings them back, marked with their status."""

from registry.providers import services as provider_services
from tests.credentials.search.conftest import titles


def test_withdrawn_and_suspended_records_are_hidden_until_included(publish, workflow, search_api):
    publish(title="Tiling live")
    workflow.withdraw(publish(title="Tiling withdrawn"))
    workflow.suspend(publish(title="Tiling suspended"))

    assert titles(search_api(q="tiling")) == ["Tiling live"]
    assert sorted(titles(search_api(q="tiling", include="withdrawn"))) == [
        "Tiling live",
        "Tiling withdrawn",
    ]
    body = search_api(q="tiling", include=["withdrawn", "suspended"])
    assert {hit["title"]: hit["status"] for hit in body["results"]} == {
        "Tiling live": "published",
        "Tiling withdrawn": "withdrawn",
        "Tiling suspended": "suspended",
    }


def test_records_of_a_suspended_or_deregistered_provider_are_hidden(
    publish, provider, regulator, search_api
):
    publish(title="Glassblowing")
    provider_services.suspend_provider(actor=regulator, provider=provider, reason="Audit.")

    assert search_api(q="glassblowing")["total"] == 0
    hit = search_api(q="glassblowing", include="suspended")["results"][0]
    assert hit["provider"]["status"] == "suspended"

    provider_services.deregister_provider(actor=regulator, provider=provider, reason="Closed.")
    assert search_api(q="glassblowing")["total"] == 0
    assert search_api(q="glassblowing", include="suspended")["total"] == 1


def test_a_reinstated_provider_is_found_again(publish, provider, regulator, search_api):
    publish(title="Glassblowing")
    provider_services.suspend_provider(actor=regulator, provider=provider, reason="Audit.")
    provider_services.reinstate_provider(actor=regulator, provider=provider, reason="Cleared.")

    assert titles(search_api(q="glassblowing")) == ["Glassblowing"]

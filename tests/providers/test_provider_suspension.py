"""A regulator suspends a provider with a reason and a date; its public pages say so."""

import pytest

from registry.providers.models import Provider

pytestmark = pytest.mark.django_db


def test_suspending_a_provider_shows_a_banner_on_its_page(
    client, regulator, provider, sent_mail, django_capture_on_commit_callbacks
):
    client.force_login(regulator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/review/providers/{provider.slug}/suspend/",
            {
                "suspend-reason": "Annual quality report not filed.",
                "suspend-effective_date": "2025-04-01",
            },
            follow=True,
        )

    assert "Provider suspended." in response.text
    provider.refresh_from_db()
    assert provider.status == Provider.Status.SUSPENDED
    assert str(provider.status_effective_date) == "2025-04-01"
    assert "Annual quality report not filed." in sent_mail()[0].body
    client.logout()
    page = client.get(f"/providers/{provider.slug}/").text
    assert (
        "This provider has been suspended by the regulator from 2025-04-01: "
        "Annual quality report not filed." in page
    )


def test_suspension_needs_a_reason_and_a_date(client, regulator, provider):
    client.force_login(regulator)

    response = client.post(f"/review/providers/{provider.slug}/suspend/", {})

    assert response.status_code == 400
    assert response.text.count("This field is required.") == 2
    provider.refresh_from_db()
    assert provider.status == Provider.Status.REGISTERED


def test_reinstating_and_deregistering(client, regulator, provider):
    client.force_login(regulator)
    client.post(
        f"/review/providers/{provider.slug}/suspend/",
        {"suspend-reason": "Audit.", "suspend-effective_date": "2025-04-01"},
    )

    client.post(f"/review/providers/{provider.slug}/reinstate/", {"reinstate-reason": "Done."})
    provider.refresh_from_db()
    assert provider.status == Provider.Status.REGISTERED
    client.post(
        f"/review/providers/{provider.slug}/deregister/",
        {"deregister-reason": "Ceased trading.", "deregister-effective_date": "2025-05-01"},
    )
    provider.refresh_from_db()
    assert provider.status == Provider.Status.DEREGISTERED
    assert (
        "deregistered by the regulator from 2025-05-01: Ceased trading."
        in client.get(f"/providers/{provider.slug}/").text
    )

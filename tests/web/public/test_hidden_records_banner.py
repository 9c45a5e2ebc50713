"""Withdrawn or suspended records, and records of suspended or deregistered providers, stay
reachable by URL under a banner with the status, date and reason, and ask search engines not to
index them."""

from datetime import date

import pytest
from django.utils import timezone

from credentials.models import Status
from registry.providers import services as provider_services

pytestmark = pytest.mark.django_db

NOINDEX = '<meta name="robots" content="noindex">'


def _record_page(client, version) -> str:
    response = client.get(f"/micro-credentials/{version.micro_credential.code}/")
    assert response.status_code == 200
    return response.text


def test_a_published_record_of_a_registered_provider_is_indexable(client, workflow):
    page = _record_page(client, workflow.version_in(Status.PUBLISHED))

    assert NOINDEX not in page
    assert 'class="banner' not in page


def test_a_withdrawn_record_shows_status_date_and_reason(client, workflow):
    version = workflow.version_in(Status.WITHDRAWN)
    today = timezone.localdate().isoformat()

    page = _record_page(client, version)

    assert f"Withdrawn by its provider on {today}." in page
    assert "withdrawn by its provider: Course discontinued." in page
    assert "not listed in search results" in page
    assert NOINDEX in page


def test_a_suspended_record_shows_status_date_and_reason(client, workflow):
    version = workflow.version_in(Status.SUSPENDED)
    today = timezone.localdate().isoformat()

    page = _record_page(client, version)

    assert f"Suspended by the regulator on {today}." in page
    assert "suspended by the regulator: Complaint under investigation." in page
    assert NOINDEX in page
    assert '"creativeWorkStatus": "Suspended"' in page


def test_a_reinstated_record_is_indexable_again(client, workflow):
    version = workflow.version_in(Status.SUSPENDED)
    workflow.reinstate(version)

    page = _record_page(client, version)

    assert NOINDEX not in page
    assert "Suspended by the regulator" not in page


@pytest.mark.parametrize(
    ("change", "notice"),
    [
        (provider_services.suspend_provider, "uspended by the regulator from 2025-04-01"),
        (provider_services.deregister_provider, "eregistered by the regulator from 2025-04-01"),
    ],
)
def test_records_of_a_provider_off_the_register_carry_its_banner(
    client, workflow, provider, regulator, change, notice
):
    version = workflow.version_in(Status.PUBLISHED)
    change(
        actor=regulator,
        provider=provider,
        reason="Accreditation lapsed.",
        effective_date=date(2025, 4, 1),
    )

    record = _record_page(client, version)
    provider_page = client.get(f"/providers/{provider.slug}/").text

    for page in (record, provider_page):
        assert notice in page
        assert "Accreditation lapsed." in page
        assert NOINDEX in page
    assert "The provider, University of Port Louis:" in record

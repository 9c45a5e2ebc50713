"""A regulator registers a provider directly, with its scope, and filters the provider list."""

import pytest

from frameworks.models import FieldOfStudy, QualificationsFramework
from registry.providers.models import Provider
from tests.factories import ProviderFactory

pytestmark = pytest.mark.django_db


def test_registering_a_provider_directly_with_scope(client, regulator, reference_data):
    client.force_login(regulator)

    response = client.post(
        "/review/providers/new/",
        {
            "legal_name": "Mauritius Institute of Accountants",
            "registration_number": "PB-77",
            "provider_type": "professional_body",
            "country": "MU",
            "contact_email": "quality@mia.example.org",
            "scope-frameworks": [QualificationsFramework.objects.get(code="MU-NQF").pk],
            "scope-highest_level": "7",
            "scope-fields_of_study": [FieldOfStudy.objects.get(code="041").pk],
            "scope-recognition_types": ["endorsed"],
        },
        follow=True,
    )

    provider = Provider.objects.get(registration_number="PB-77")
    assert provider.status == Provider.Status.REGISTERED
    assert provider.scope_highest_level == 7
    assert provider.scope_recognition_types == ["endorsed"]
    assert "Mauritius Institute of Accountants is registered." in response.text
    assert client.get(f"/providers/{provider.slug}/").status_code == 200


def test_the_provider_list_filters_by_status(client, regulator, provider):
    ProviderFactory(legal_name="Dormant College", status=Provider.Status.SUSPENDED)
    client.force_login(regulator)

    page = client.get("/review/providers/", {"status": "suspended"}).text

    listing = page.split('id="all-heading"')[1]
    assert "Dormant College" in listing
    assert "University of Port Louis" not in listing

"""Helpers for the portal tests: signed-in clients and complete form data."""

import pytest

from frameworks.models import CreditSystem, FieldOfStudy, Level


@pytest.fixture
def staff_client(client, institution_staff):
    client.force_login(institution_staff)
    return client


@pytest.fixture
def portal_admin_client(client, institution_admin):
    """Signed in as the provider's institution admin (not Django's superuser `admin_client`)."""
    client.force_login(institution_admin)
    return client


@pytest.fixture
def form_data(reference_data):
    """A function giving complete POST data for the micro-credential form, with overrides."""

    def make(**overrides):
        data = {
            "title": "Data protection for small businesses",
            "summary": "Apply the Data Protection Act in a small business.",
            "kind": "micro_credential",
            "learning_outcomes": "Explain the principles of data protection\n"
            "Draft a privacy notice for a small business",
            "level": Level.objects.get(framework__code="MU-NQF", code="5").pk,
            "credits": "6",
            "credit_system": CreditSystem.objects.get(code="MU-HE-CREDIT").pk,
            "notional_hours": "60",
            "assessment_type": "portfolio",
            "assessment_description": "A portfolio of three privacy documents.",
            "participation_mode": "blended",
            "pacing": "self_paced",
            "quality_assurance": "Reviewed by the faculty quality committee.",
            "recognition_type": "endorsed",
            "field_of_study": FieldOfStudy.objects.get(code="0413").pk,
            "skills": "data protection\nprivacy notices",
            "languages": "en, fr",
            "prerequisites": "None.",
            "validity_months": "24",
            "stackability": "Counts towards the Certificate in Business Law.",
            "public_url": "https://www.example.ac.mu/courses/data-protection",
        }
        data.update(overrides)
        return data

    return make

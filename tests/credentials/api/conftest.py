"""Fixtures for the micro-credential API: API clients signed in as each kind of user."""

import pytest
from rest_framework.test import APIClient

PROBLEM = "application/problem+json"


def payload(**overrides) -> dict:
    """Every element of a micro-credential as the API takes it."""
    data = {
        "title": "Data protection for small businesses",
        "summary": "Apply the Data Protection Act in a small organisation.",
        "kind": "micro_credential",
        "learning_outcomes": ["Map the personal data a business holds", "Draft a privacy notice"],
        "level": {"framework": "MU-NQF", "code": "6"},
        "credits": "6.00",
        "credit_system": "MU-HE-CREDIT",
        "notional_hours": 60,
        "assessment_type": "project",
        "assessment_description": "A privacy audit of a sample business.",
        "participation_mode": "online",
        "pacing": "self_paced",
        "quality_assurance": "Internal QA by the faculty board.",
        "recognition_type": "accredited",
        "field_of_study": "0613",
        "skills": ["data protection"],
        "languages": ["en", "fr"],
        "prerequisites": "",
        "validity_months": None,
        "stackability": "",
        "public_url": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def staff_api(institution_staff):
    client = APIClient()
    client.force_authenticate(institution_staff)
    return client


@pytest.fixture
def outsider_api(other_staff):
    client = APIClient()
    client.force_authenticate(other_staff)
    return client


@pytest.fixture
def regulator_api(regulator):
    client = APIClient()
    client.force_authenticate(regulator)
    return client

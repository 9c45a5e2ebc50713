"""API clients for the provider register's API."""

import pytest
from rest_framework.test import APIClient

PROBLEM = "application/problem+json"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def regulator_api(regulator):
    client = APIClient()
    client.force_authenticate(regulator)
    return client


@pytest.fixture
def admin_api(institution_admin):
    client = APIClient()
    client.force_authenticate(institution_admin)
    return client


def registration(**overrides) -> dict:
    data = {
        "legal_name": "Indian Ocean Institute of Technology Ltd",
        "trading_name": "IOIT",
        "registration_number": "C-998877",
        "provider_type": "private_hei",
        "country": "mu",
        "website": "https://ioit.example.mu",
        "contact_email": "registry@ioit.example.mu",
        "scope": {
            "frameworks": ["MU-NQF"],
            "highest_level": 7,
            "fields_of_study": ["06", "041"],
            "recognition_types": ["accredited", "endorsed"],
        },
    }
    data.update(overrides)
    return data

"""A NUL byte in a reference code (credit system, field, level) is a field error, not a 500:
PostgreSQL cannot compare text holding one, so it never reaches the database."""

import pytest
from rest_framework.test import APIClient

from tests.credentials.api.conftest import payload

URL = "/api/v1/providers/uopl/micro-credentials/"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("credit_system", "ECTS\x00"),
        ("field_of_study", "\x000613"),
        ("level", {"framework": "MU-NQF\x00", "code": "6"}),
    ],
)
def test_a_nul_byte_in_a_code_is_a_field_error(provider, institution_staff, field, value):
    api = APIClient()
    api.force_authenticate(institution_staff)

    answer = api.post(URL, payload(**{field: value}), format="json")

    assert answer.status_code == 400
    assert field in str(answer.json())

"""Each API key has its own rate limit; over it the API answers 429 with Retry-After."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

PROBLEM = "application/problem+json"


@pytest.fixture
def three_a_minute(settings):
    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api_key": "3/min"},
    }
    yield
    cache.clear()


def _get(plaintext):
    client = APIClient()
    return client.get("/api/v1/frameworks/", HTTP_AUTHORIZATION=f"Bearer {plaintext}")


@pytest.mark.django_db
def test_fourth_request_in_a_minute_is_throttled_per_key(make_key, three_a_minute):
    _key, first = make_key(name="First system")
    _other, second = make_key(name="Second system")

    for _ in range(3):
        assert _get(first).status_code == 200

    response = _get(first)
    assert response.status_code == 429
    assert response["Content-Type"].startswith(PROBLEM)
    assert int(response["Retry-After"]) > 0
    assert response.json()["status"] == 429

    assert _get(second).status_code == 200

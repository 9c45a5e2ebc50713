"""X-Forwarded-For, X-Forwarded-Proto and X-Request-ID are believed only from the number of
reverse proxies the operator declares (TRUSTED_PROXY_COUNT); otherwise anybody could take a fresh
rate-limit bucket with each request, or spend another address's allowance."""

import pytest
from django.core.cache import cache

API = "/api/v1/frameworks/"


@pytest.fixture
def three_a_minute(settings):
    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api_key": "3/min"},
    }
    yield
    cache.clear()


@pytest.mark.django_db
def test_a_fresh_forwarded_for_on_each_request_does_not_escape_the_limit(client, three_a_minute):
    answers = [client.get(API, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(5)]

    assert answers == [200, 200, 200, 429, 429]


@pytest.mark.django_db
def test_naming_another_address_does_not_spend_its_allowance(client, three_a_minute):
    for _ in range(3):
        client.get(API, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="198.51.100.8")

    assert client.get(API, REMOTE_ADDR="198.51.100.8").status_code == 200
    assert client.get(API, REMOTE_ADDR="198.51.100.7").status_code == 429


@pytest.mark.django_db
def test_behind_one_proxy_the_client_is_the_address_the_proxy_appended(
    client, settings, three_a_minute
):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}

    answers = [
        client.get(API, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 198.51.100.7", **proxy).status_code
        for n in range(4)
    ]
    other_client = client.get(API, HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy)

    assert answers == [200, 200, 200, 429]
    assert other_client.status_code == 200


def test_behind_two_proxies_the_client_is_the_second_address_from_the_right():
    from registry.core.request_context import client_address

    assert client_address("10.0.0.3", "6.6.6.6, 198.51.100.7, 10.0.0.2", 2) == "198.51.100.7"
    assert client_address("10.0.0.3", "198.51.100.7", 2) == "10.0.0.3"
    assert client_address("10.0.0.3", "not-an-address, 10.0.0.2", 2) == "10.0.0.3"
    assert client_address("10.0.0.3", "6.6.6.6", 0) == "10.0.0.3"


@pytest.mark.django_db
def test_forwarded_proto_counts_only_from_a_trusted_proxy(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    direct = client.get("/frameworks/", HTTP_X_FORWARDED_PROTO="https")
    settings.TRUSTED_PROXY_COUNT = 1
    proxied = client.get("/frameworks/", HTTP_X_FORWARDED_PROTO="https")

    assert direct.status_code == 301
    assert direct["Location"].startswith("https://")
    assert proxied.status_code == 200


@pytest.mark.django_db
def test_a_request_id_is_taken_only_from_a_trusted_proxy(client, settings):
    direct = client.get("/healthz", HTTP_X_REQUEST_ID="forged-id")
    settings.TRUSTED_PROXY_COUNT = 1
    proxied = client.get("/healthz", HTTP_X_REQUEST_ID="proxy-id-123")

    assert direct["X-Request-ID"] != "forged-id"
    assert len(direct["X-Request-ID"]) == 32
    assert proxied["X-Request-ID"] == "proxy-id-123"

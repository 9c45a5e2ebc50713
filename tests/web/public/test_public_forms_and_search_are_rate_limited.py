"""The public search and the provider application form are rate-limited per client address
(or per signed-in user): over the limit they answer 429 with a page that says when to come back."""

import pytest

from tests.providers.test_provider_application import APPLICATION

pytestmark = pytest.mark.django_db


def test_the_search_page_answers_429_with_retry_after_over_its_rate(client, settings):
    settings.SEARCH_RATE = "3/min"

    answers = [client.get("/search/", {"q": f"data {n}"}) for n in range(4)]

    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    refused = answers[-1]
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "You have sent too many requests in a short time." in refused.text
    assert f"Please try again in {refused['Retry-After']} seconds." in refused.text


def test_another_client_address_has_its_own_allowance(client, settings):
    settings.SEARCH_RATE = "1/min"

    first = client.get("/search/", REMOTE_ADDR="198.51.100.7")
    again = client.get("/search/", REMOTE_ADDR="198.51.100.7")
    other = client.get("/search/", REMOTE_ADDR="198.51.100.8")

    assert (first.status_code, again.status_code, other.status_code) == (200, 429, 200)


def test_the_refusal_page_speaks_french(client, settings):
    settings.SEARCH_RATE = "1/min"
    client.get("/search/")

    refused = client.get("/search/", HTTP_ACCEPT_LANGUAGE="fr")

    assert refused.status_code == 429
    assert "Trop de requêtes" in refused.text


def test_applications_sent_are_rate_limited_but_reading_the_form_is_not(client, settings):
    settings.PROVIDER_APPLICATION_RATE = "2/hour"

    sent = [
        client.post(
            "/providers/apply/", {**APPLICATION, "registration_number": f"C07{n}"}
        ).status_code
        for n in range(3)
    ]

    assert sent == [302, 302, 429]
    assert client.get("/providers/apply/").status_code == 200

"""Sitemap pages are built once per listing generation: asking again costs no query, and a
change to the register shows at once."""

import pytest
from django.core.cache import cache

# Committed, as in production: nothing is cached inside a transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("path", ["/sitemap.xml", "/sitemap-micro-credentials.xml"])
def test_asking_again_costs_no_query(client, provider, publish, path, django_assert_num_queries):
    publish(provider, title="Cloud security")
    first = client.get(path)

    with django_assert_num_queries(0):
        again = client.get(path)

    assert again.status_code == 200
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert again["X-Robots-Tag"] == first["X-Robots-Tag"]


def test_a_newly_published_record_shows_at_once(client, provider, publish):
    first = publish(provider, title="Cloud security")
    before = client.get("/sitemap-micro-credentials.xml").text

    second = publish(provider, title="Network forensics")
    after = client.get("/sitemap-micro-credentials.xml").text

    assert f"/micro-credentials/{first.code}/" in before
    assert f"/micro-credentials/{second.code}/" not in before
    assert f"/micro-credentials/{second.code}/" in after


def test_each_page_of_a_section_is_kept_apart(client, provider, publish, settings):
    publish(provider, title="Cloud security")

    page_one = client.get("/sitemap-micro-credentials.xml")
    page_two = client.get("/sitemap-micro-credentials.xml", {"p": 2})

    assert page_one.status_code == 200
    assert page_two.status_code == 404

"""sitemap.xml lists the public pages and only listed records, page by page; robots.txt keeps
crawlers out of the private areas and points to the sitemap."""

import re

import pytest

from credentials.models import Status
from registry.providers.models import Provider
from tests.factories import ProviderFactory
from web.public.sitemaps import MicroCredentialSitemap

pytestmark = pytest.mark.django_db

BASE = "https://registry.example.mu"


@pytest.fixture(autouse=True)
def base_url(settings):
    settings.REGISTRY_BASE_URL = BASE


def _locations(xml: str) -> list[str]:
    return re.findall(r"<loc>(.*?)</loc>", xml)


def test_the_index_points_to_every_section(client):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert _locations(response.text) == [
        f"{BASE}/sitemap-pages.xml",
        f"{BASE}/sitemap-micro-credentials.xml",
        f"{BASE}/sitemap-providers.xml",
        f"{BASE}/sitemap-frameworks.xml",
        f"{BASE}/sitemap-levels.xml",
    ]


def test_only_listed_records_are_in_the_sitemap(client, provider, publish):
    listed = publish(provider)
    withdrawn = publish(provider, status=Status.WITHDRAWN)
    suspended = publish(provider, status=Status.SUSPENDED)
    of_suspended_provider = publish(ProviderFactory(status=Provider.Status.SUSPENDED))

    locations = _locations(client.get("/sitemap-micro-credentials.xml").text)

    assert locations == [f"{BASE}/micro-credentials/{listed.code}/"]
    for hidden in (withdrawn, suspended, of_suspended_provider):
        assert client.get(f"/micro-credentials/{hidden.code}/").status_code == 200


def test_pages_providers_frameworks_and_levels_are_listed(client, provider, reference_data):
    ProviderFactory(slug="lapsed", status=Provider.Status.DEREGISTERED)
    ProviderFactory(slug="hopeful", status=Provider.Status.APPLIED)

    pages = _locations(client.get("/sitemap-pages.xml").text)
    providers = _locations(client.get("/sitemap-providers.xml").text)
    frameworks = _locations(client.get("/sitemap-frameworks.xml").text)
    levels = _locations(client.get("/sitemap-levels.xml").text)

    assert pages == [
        f"{BASE}/",
        f"{BASE}/search/",
        f"{BASE}/frameworks/",
        f"{BASE}/frameworks/credit-systems/",
    ]
    assert providers == [f"{BASE}/providers/uopl/"]
    assert f"{BASE}/frameworks/MU-NQF/" in frameworks
    assert f"{BASE}/frameworks/MU-NQF/levels/6/" in levels
    assert f"{BASE}/frameworks/EQF/levels/8/" in levels


def test_a_large_section_is_split_into_pages(client, monkeypatch, provider, publish):
    monkeypatch.setattr(MicroCredentialSitemap, "limit", 2)
    records = sorted((publish(provider) for _ in range(5)), key=lambda record: record.pk)

    index = _locations(client.get("/sitemap.xml").text)
    second = _locations(client.get("/sitemap-micro-credentials.xml?p=2").text)

    assert f"{BASE}/sitemap-micro-credentials.xml?p=2" in index
    assert f"{BASE}/sitemap-micro-credentials.xml?p=3" in index
    assert f"{BASE}/sitemap-micro-credentials.xml?p=4" not in index
    assert second == [f"{BASE}/micro-credentials/{r.code}/" for r in records[2:4]]
    assert client.get("/sitemap-micro-credentials.xml?p=4").status_code == 404
    assert client.get("/sitemap-micro-credentials.xml?p=x").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_a_sitemap_page_costs_the_same_queries_however_many_records(
    client, provider, publish, django_assert_max_num_queries
):
    for _ in range(3):
        publish(provider)
    with django_assert_max_num_queries(2):  # a count and one page of rows
        client.get("/sitemap-micro-credentials.xml")
    with django_assert_max_num_queries(6):  # per section: a count; and the latest lastmod
        client.get("/sitemap.xml")


def test_robots_txt(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    for private in ("/portal/", "/review/", "/admin/", "/accounts/", "/api/"):
        assert f"Disallow: {private}" in lines
    assert "Allow: /api/v1/docs/" in lines
    assert f"Sitemap: {BASE}/sitemap.xml" in lines

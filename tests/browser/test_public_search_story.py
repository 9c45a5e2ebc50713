"""An employer, without an account, searches the register, narrows the results with a facet, opens
a record, and reads it again in French."""

import re

import pytest
from django.utils import timezone

from credentials.models import Status
from credentials.search.listing import refresh_listing
from frameworks.models import Level
from tests.factories import MicroCredentialVersionFactory

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect


def published(provider, **fields):
    version = MicroCredentialVersionFactory(
        micro_credential__provider=provider,
        status=Status.PUBLISHED,
        published_at=timezone.now(),
        **fields,
    )
    record = version.micro_credential
    record.published_version = version
    record.save(update_fields=["published_version"])
    refresh_listing(record.pk)
    return record


def test_search_refine_by_level_open_record_and_read_it_in_french(
    page, live_server, reference_data, provider
):
    level_5 = Level.objects.get(framework__code="MU-NQF", code="5")
    level_6 = Level.objects.get(framework__code="MU-NQF", code="6")
    record = published(
        provider,
        title="Cybersecurity incident response",
        level=level_6,
        skills=["incident response"],
    )
    published(provider, title="Cybersecurity awareness for small firms", level=level_5)
    published(provider, title="Bookkeeping with spreadsheets", level=level_5)

    page.goto(f"{live_server.url}/")
    page.get_by_role("searchbox").first.fill("cybersecurity")
    page.get_by_role("searchbox").first.press("Enter")

    expect(page.get_by_role("status")).to_have_text(re.compile(r"2 micro-credentials found"))
    expect(page.get_by_role("link", name="Bookkeeping with spreadsheets")).to_have_count(0)

    level_facet = page.locator("section.facet", has=page.locator("h3#facet-level"))
    level_facet.get_by_role("link", name=re.compile(r" 6 \(1\)")).click()

    expect(page.get_by_role("status")).to_have_text(re.compile(r"1 micro-credential found"))
    expect(page.locator(".applied-filters")).to_contain_text("6")
    expect(page.locator("ol.results mark").first).to_have_text(re.compile("cybersecurity", re.I))

    page.get_by_role("link", name="Cybersecurity incident response").click()

    expect(page).to_have_url(re.compile(rf"/micro-credentials/{record.code}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Cybersecurity incident response")
    json_ld = page.locator('script[type="application/ld+json"]').text_content()
    assert "EducationalOccupationalCredential" in json_ld

    page.get_by_role("button", name="Français").click()

    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page).to_have_url(re.compile(rf"/micro-credentials/{record.code}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Cybersecurity incident response")
    expect(page.get_by_role("link", name="Se connecter")).to_be_visible()

"""A record page printed from the browser: no navigation, forms or backgrounds, the record's own
address on the page, and the addresses of outside links written out."""

import pytest
from django.utils import timezone

from credentials.models import Status
from tests.factories import MicroCredentialVersionFactory

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect


def test_the_record_page_prints_cleanly(page, live_server, settings, provider):
    settings.REGISTRY_BASE_URL = "https://registry.example.mu"
    version = MicroCredentialVersionFactory(
        micro_credential__provider=provider,
        status=Status.PUBLISHED,
        published_at=timezone.now(),
        title="Cloud security fundamentals",
    )
    record = version.micro_credential
    record.published_version = version
    record.save(update_fields=["published_version"])
    address = f"https://registry.example.mu/micro-credentials/{record.code}/"

    page.goto(f"{live_server.url}/micro-credentials/{record.code}/")
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.get_by_text(f"Record: {address}")).to_be_hidden()

    page.emulate_media(media="print")

    expect(page.get_by_role("heading", name="Cloud security fundamentals")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.locator("form.language-switcher")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(page.get_by_text(f"Record: {address}")).to_be_visible()
    header_background = page.locator(".site-header").evaluate(
        "element => getComputedStyle(element).backgroundColor"
    )
    assert header_background == "rgba(0, 0, 0, 0)"
    source_link = page.locator('main a[href^="http"]:not(.bare-url)').first
    written_out = source_link.evaluate("link => getComputedStyle(link, '::after').content")
    assert source_link.get_attribute("href") in written_out

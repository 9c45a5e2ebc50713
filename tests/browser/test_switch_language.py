"""A visitor switches the registry to French from the header, keeps reading the same page, and the
choice follows them to the next page; switching back restores English."""

import re

import pytest

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect


def test_switch_to_french_and_back(page, live_server, reference_data):
    page.goto(f"{live_server.url}/frameworks/")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_role("button", name="Français").click()

    expect(page).to_have_url(re.compile(r"/frameworks/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("link", name="Se connecter")).to_be_visible()
    expect(page.get_by_role("button", name="Français")).to_have_attribute("aria-pressed", "true")

    page.get_by_role("link", name="Registre des microcertifications").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("link", name="Demander l'enregistrement").first).to_be_visible()

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()

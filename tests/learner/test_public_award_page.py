"""An award's public page, once its learner made it visible: the achievement, the current
verdict (revoked too) and the tags that make a shared link show a card."""

import re

import pytest

from credentials.awards import services
from credentials.awards.models import Award

pytestmark = pytest.mark.django_db


def meta(page, attribute, name):
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', page.text)
    return match.group(1) if match else None


@pytest.fixture
def shown(learner_page, settings):
    settings.REGISTRY_BASE_URL = "https://registry.example.mu"
    award, _path = learner_page()
    Award.objects.filter(pk=award.pk).update(public_page_visible=True)
    return award


def test_the_page_shows_the_achievement_and_the_verdict(client, shown, published):
    page = client.get(f"/awards/{shown.verification_code}/")

    assert page.status_code == 200
    assert published.title in page.text
    assert "Aisha Ramdin" in page.text
    assert "University of Port Louis" in page.text
    assert f"{published.level.framework.code} {published.level.code}" in page.text
    assert "✔ Valid" in page.text
    assert page["Cache-Control"] == "no-cache"


def test_the_page_carries_open_graph_and_twitter_tags(client, shown, published):
    page = client.get(f"/awards/{shown.verification_code}/")

    url = f"https://registry.example.mu/awards/{shown.verification_code}/"
    assert meta(page, "property", "og:url") == url
    assert meta(page, "property", "og:title") == f"Aisha Ramdin: {published.title}"
    assert meta(page, "property", "og:type") == "article"
    description = meta(page, "property", "og:description")
    assert "University of Port Louis awarded the micro-credential" in description
    assert "Valid in the national register" in description
    assert meta(page, "name", "twitter:card") == "summary"
    assert meta(page, "name", "twitter:title") == f"Aisha Ramdin: {published.title}"
    assert meta(page, "name", "robots") == "noindex"


def test_viewing_the_page_is_not_counted_as_a_verification(client, shown):
    client.get(f"/awards/{shown.verification_code}/")

    shown.refresh_from_db()
    assert shown.verification_count == 0


def test_a_revoked_awards_page_shows_the_revoked_verdict(client, shown, institution_admin):
    services.revoke_award(actor=institution_admin, award=shown, reason="Assessment misconduct.")

    page = client.get(f"/awards/{shown.verification_code}/")

    assert page.status_code == 200
    assert "✖ Revoked" in page.text
    assert "Assessment misconduct." in page.text
    assert "✔ Valid" not in page.text


def test_an_unknown_code_answers_404(client, db):
    assert client.get("/awards/AAAAA-BBBBB-CCCCC-DDDDD/").status_code == 404

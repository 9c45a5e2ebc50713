"""Each award's public page is hidden until its learner makes it visible from their page (a
plain form with a CSRF token, no JavaScript needed); they can hide it again. Hidden, the public
page answers 404 while the code still verifies on /verify/<code>."""

import pytest
from django.test import Client

from registry.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_hidden_by_default_and_the_code_still_verifies(client, learner_page):
    award, path = learner_page()

    assert client.get(f"/awards/{award.verification_code}/").status_code == 404
    assert "✔ Valid" in client.get(f"/verify/{award.verification_code}").text
    page = client.get(path)
    assert "Your public page is hidden." in page.text
    assert "Make the public page visible" in page.text


def test_the_learner_shows_then_hides_the_public_page(learner_page):
    award, path = learner_page()
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(path)
    token = page.context["csrf_token"]
    switch = f"{path}awards/{award.verification_code}/public-page/"

    shown = browser.post(switch, {"visible": "1", "csrfmiddlewaretoken": token}, follow=True)

    assert shown.redirect_chain[-1][0].endswith(f"{path}#award-{award.verification_code}")
    assert "is now visible at" in shown.text
    assert "Hide the public page" in shown.text
    assert browser.get(f"/awards/{award.verification_code}/").status_code == 200

    hidden = browser.post(switch, {"visible": "0", "csrfmiddlewaretoken": token}, follow=True)

    assert "is now hidden" in hidden.text
    assert browser.get(f"/awards/{award.verification_code}/").status_code == 404
    actions = list(
        AuditEvent.objects.filter(action__startswith="award.public_page_")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["award.public_page_shown", "award.public_page_hidden"]


def test_the_switch_needs_the_csrf_token_and_a_post(learner_page):
    award, path = learner_page()
    browser = Client(enforce_csrf_checks=True)
    switch = f"{path}awards/{award.verification_code}/public-page/"

    assert browser.post(switch, {"visible": "1"}).status_code == 403
    assert browser.get(switch).status_code == 405
    award.refresh_from_db()
    assert award.public_page_visible is False


def test_a_nonsense_choice_changes_nothing(client, learner_page):
    award, path = learner_page()

    answer = client.post(
        f"{path}awards/{award.verification_code}/public-page/", {"visible": "maybe"}, follow=True
    )

    assert "Choose whether the public page is visible or hidden." in answer.text
    award.refresh_from_db()
    assert award.public_page_visible is False

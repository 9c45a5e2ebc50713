"""A learner's link works for LEARNER_LINK_DAYS; after that it answers 410 with a page telling
the learner to ask the institution for a new one. The institution sends a new link from the
award's page in the portal or through the API (audited): the new link works and the learner's
earlier links stop working (410, "replaced"), since a lost or forwarded e-mail is why one asks.
An unknown link answers 404."""

from datetime import timedelta

import pytest
from django.utils import timezone

from credentials.awards.models import LearnerLink
from registry.audit.models import AuditEvent
from tests.learner.conftest import link_in

pytestmark = pytest.mark.django_db


def test_the_link_expires_after_the_configured_days(client, settings, learner_page):
    settings.LEARNER_LINK_DAYS = 30
    _award, path = learner_page()
    link = LearnerLink.objects.get()
    assert link.expires_at - link.created_at == timedelta(days=30)

    LearnerLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    page = client.get(path)

    assert page.status_code == 410
    assert "This link has expired" in page.text
    assert "Ask University of Port Louis to send you a new link." in page.text
    assert page["Cache-Control"] == "private, no-store"


def test_an_unknown_link_answers_404_with_what_to_do(client, db):
    page = client.get("/learner/not-a-real-token-at-all/")

    assert page.status_code == 404
    assert "This link does not work" in page.text
    assert "ask the institution that issued your award to send you a new link" in page.text
    assert page["Referrer-Policy"] == "no-referrer"


def test_the_institution_resends_from_the_portal(client, learner_page, institution_staff, mail_to):
    award, old_path = learner_page()
    client.force_login(institution_staff)

    detail = client.get(f"/portal/uopl/awards/{award.verification_code}/")
    assert "E-mail the learner a new link" in detail.text
    answer = client.post(
        f"/portal/uopl/awards/{award.verification_code}/learner-link/", follow=True
    )

    assert "A new link to the learner&#x27;s page was e-mailed to" in answer.text
    _first, resent = mail_to("Aisha.Ramdin@example.org")
    assert "has sent you a new link to your awards" in resent.body
    new_path = link_in(resent)
    assert new_path != old_path
    client.logout()
    assert client.get(new_path).status_code == 200
    old = client.get(old_path)
    assert old.status_code == 410
    assert "has sent you a newer link" in old.text
    event = AuditEvent.objects.filter(action="award.learner_link_sent").order_by("pk").last()
    assert event.actor == institution_staff
    assert event.after["earlier_links_replaced"] == 1


def test_the_institution_resends_through_the_api(client, learner_page, institution_staff, mail_to):
    award, old_path = learner_page()
    client.force_login(institution_staff)

    answer = client.post(
        f"/api/v1/providers/uopl/awards/{award.verification_code}/learner-link/",
        HTTP_IDEMPOTENCY_KEY="resend-1",
    )
    again = client.post(
        f"/api/v1/providers/uopl/awards/{award.verification_code}/learner-link/",
        HTTP_IDEMPOTENCY_KEY="resend-1",
    )

    assert answer.status_code == 201
    assert answer.json()["learner_email"] == "aisha.ramdin@example.org"
    assert again.json() == answer.json()
    assert len(mail_to("Aisha.Ramdin@example.org")) == 2  # the issue's, and one re-send
    client.logout()
    assert client.get(link_in(mail_to("Aisha.Ramdin@example.org")[-1])).status_code == 200
    assert client.get(old_path).status_code == 410


def test_another_provider_cannot_resend(client, learner_page, other_staff):
    award, _path = learner_page()
    client.force_login(other_staff)

    portal = client.post(f"/portal/uopl/awards/{award.verification_code}/learner-link/")
    api = client.post(f"/api/v1/providers/uopl/awards/{award.verification_code}/learner-link/")

    assert portal.status_code == 404
    assert api.status_code == 404
    assert LearnerLink.objects.count() == 1

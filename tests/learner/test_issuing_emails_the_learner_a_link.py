"""When an award is issued, its learner is e-mailed (through the outbox, in the award's
language) a private link that opens their page: their awards from the provider."""

import pytest

from credentials.awards.models import LearnerLink, hash_learner_token
from registry.core.models import OutgoingEmail
from tests.learner.conftest import link_in

pytestmark = pytest.mark.django_db


def test_the_learner_gets_a_link_to_their_awards_in_english(client, issue, published, mail_to):
    award = issue(published)

    (message,) = mail_to("Aisha.Ramdin@example.org")
    assert message.subject == "University of Port Louis: your micro-credential"
    assert "Hello Aisha Ramdin," in message.body
    assert published.title in message.body
    assert award.verification_code in message.body
    assert "do not forward it" in message.body

    page = client.get(link_in(message))
    assert page.status_code == 200
    assert "Your awards from University of Port Louis" in page.text
    assert published.title in page.text
    assert award.verification_code in page.text


def test_the_learner_gets_the_email_in_french_for_a_french_award(client, issue, published, mail_to):
    issue(published, language="fr")

    (message,) = mail_to("Aisha.Ramdin@example.org")
    assert message.subject == "University of Port Louis\u00a0: votre microcertification"
    assert "Bonjour Aisha Ramdin," in message.body
    assert "ne le transférez pas" in message.body

    page = client.get(link_in(message), HTTP_ACCEPT_LANGUAGE="fr")
    assert page.status_code == 200
    assert "Vos certifications de University of Port Louis" in page.text


def test_the_email_waits_in_the_outbox_and_only_the_token_hash_is_kept(issue, published):
    issue(published)

    (email,) = OutgoingEmail.objects.filter(body__contains="/learner/")
    assert email.state == OutgoingEmail.State.PENDING
    assert email.recipients == ["Aisha.Ramdin@example.org"]
    token = email.body.split("/learner/")[1].split("/")[0]
    (link,) = LearnerLink.objects.all()
    assert link.token_hash == hash_learner_token(token)
    assert token not in link.token_hash
    assert link.learner_email == "aisha.ramdin@example.org"


def test_issuing_the_same_external_id_again_sends_nothing_more(issue, published, mail_to):
    issue(published)
    issue(published)

    assert len(mail_to("Aisha.Ramdin@example.org")) == 1

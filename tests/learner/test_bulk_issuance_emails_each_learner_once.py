"""A bulk issuance e-mails each learner once, however many of its rows are theirs (in whatever
case their address is written), listing all their awards; running the batch or its e-mails
again sends nothing more. (The e-mails are sent by a task of their own once the batch is
issued: test_batch_learners_are_emailed_after_the_batch.py.)"""

import pytest

from credentials.awards import services
from credentials.awards.models import Award, IssuanceBatch, LearnerLink
from registry.core.models import OutgoingEmail
from tests.learner.conftest import link_in

pytestmark = pytest.mark.django_db


def test_one_email_per_learner_listing_all_their_awards(
    client, batch, mail_to, sent_mail, monkeypatch
):
    monkeypatch.setattr(services, "CHUNK", 2)  # Amélie's rows fall in three chunks

    services.run_batch(batch.pk)
    services.notify_batch_learners(batch.pk)

    assert len([message for message in sent_mail() if "/learner/" in message.body]) == 3
    (amelie,) = mail_to("amelie@example.org")
    assert amelie.subject == "University of Port Louis\u00a0: vos microcertifications"
    codes = Award.objects.filter(learner_email__iexact="amelie@example.org").values_list(
        "verification_code", flat=True
    )
    assert len(codes) == 3
    assert all(code in amelie.body for code in codes)
    page = client.get(link_in(amelie))
    assert all(code in page.text for code in codes)
    assert "bruno" not in page.text.lower()
    (bruno,) = mail_to("bruno@example.org")
    assert bruno.subject == "University of Port Louis: your micro-credential"


def test_running_the_batch_and_its_emails_again_sends_nothing_more(batch):
    services.run_batch(batch.pk)
    services.notify_batch_learners(batch.pk)
    IssuanceBatch.objects.filter(pk=batch.pk).update(
        state=IssuanceBatch.State.RUNNING, learners_notified_at=None
    )
    services.run_batch(batch.pk)
    services.notify_batch_learners(batch.pk)
    services.notify_batch_learners(batch.pk)

    assert OutgoingEmail.objects.filter(body__contains="/learner/").count() == 3
    assert LearnerLink.objects.filter(batch=batch).count() == 3


def test_the_emails_are_recorded_with_the_awards_of_a_learner_in_one_insert(
    batch, django_assert_max_num_queries
):
    services.run_batch(batch.pk)
    services.notify_batch_learners(batch.pk)
    IssuanceBatch.objects.filter(pk=batch.pk).update(state=IssuanceBatch.State.RUNNING)
    LearnerLink.objects.all().delete()
    OutgoingEmail.objects.all().delete()

    batch.refresh_from_db()
    with django_assert_max_num_queries(12):
        sent = services._send_batch_learner_links(batch, batch.created_by)

    assert sent == 3
    assert OutgoingEmail.objects.count() == 3

"""The learners of a bulk issuance are e-mailed by a task of its own, queued when the batch is
issued (composing thousands of e-mails is not part of issuing); a lost task is queued again by
the periodic sweep, and a batch not issued e-mails nobody."""

from datetime import timedelta

import pytest
from django.utils import timezone

from credentials.awards import services, tasks
from credentials.awards.models import IssuanceBatch
from registry.core.models import OutgoingEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch):
    """The tasks queued on commit by the awards' services and sweeps, as (name, args)."""
    sent: list[tuple[str, tuple]] = []

    def record(task, *args):
        sent.append((task.name, args))
        return True

    monkeypatch.setattr(services, "enqueue_on_commit", record)
    monkeypatch.setattr(tasks, "enqueue", record)
    return sent


def links_sent() -> int:
    return OutgoingEmail.objects.filter(body__contains="/learner/").count()


def test_the_issued_batch_queues_its_learners_emails(batch, queued):
    services.run_batch(batch.pk)

    assert ("awards.notify_batch_learners", (batch.pk,)) in queued
    assert links_sent() == 0  # not composed while issuing

    assert tasks.notify_batch_learners.apply(args=(batch.pk,)).get() == 3
    assert links_sent() == 3
    assert IssuanceBatch.objects.get(pk=batch.pk).learners_notified_at is not None


def test_the_sweep_queues_the_emails_of_a_batch_whose_task_was_lost(batch, queued):
    services.run_batch(batch.pk)
    queued.clear()
    IssuanceBatch.objects.filter(pk=batch.pk).update(
        finished_at=timezone.now() - timedelta(hours=1)
    )

    result = tasks.requeue_stale_batches()

    assert result["notifications_requeued"] == 1
    assert queued == [("awards.notify_batch_learners", (batch.pk,))]
    services.notify_batch_learners(batch.pk)
    queued.clear()
    assert tasks.requeue_stale_batches()["notifications_requeued"] == 0


def test_a_batch_not_issued_emails_nobody(batch):
    assert services.notify_batch_learners(batch.pk) == 0
    assert links_sent() == 0

"""A certificate whose rendering was lost (the message never reached a worker) stays pending in
the database; the periodic sweep queues it again once it has waited a few minutes, and a
rendering that happens then stores it."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from credentials.awards import certificates, tasks
from credentials.awards.models import Award
from credentials.certificates import tasks as certificate_tasks
from tests.awards.conftest import stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def lost(issue, published):
    """An award issued with the broker down: its certificate is requested, nothing was sent."""
    return issue(published)


def test_the_sweep_is_scheduled():
    entry = settings.CELERY_BEAT_SCHEDULE["requeue-stale-certificates"]
    assert entry["task"] == "awards.requeue_stale_certificates"


def test_a_fresh_request_is_left_to_its_own_message(lost, sent_tasks):
    assert tasks.requeue_stale_certificates() == 0
    assert sent_tasks == []


def test_a_lost_render_is_queued_again_and_then_stored(lost, sent_tasks, certificate_folder):
    Award.objects.filter(pk=lost.pk).update(
        certificate_requested_at=timezone.now() - certificates.STALE_AFTER - timedelta(seconds=1)
    )

    assert certificates.requeue_stale() == 1
    assert certificates.requeue_stale() == 0  # it waits its turn again

    [(name, args)] = sent_tasks
    assert name == "certificates.render" and args[1] == lost.pk
    certificate_tasks.render_certificate(*args)
    lost.refresh_from_db()
    assert lost.certificate_state == "ready"
    assert lost.certificate_requested_at is None
    assert stored_files(certificate_folder) == [lost.certificate_name]
    later = timezone.now() + certificates.STALE_AFTER * 2
    assert certificates.requeue_stale(now=later) == 0


def test_the_sweep_task_queues_what_waited_too_long(lost, sent_tasks):
    Award.objects.filter(pk=lost.pk).update(
        certificate_requested_at=timezone.now() - timedelta(hours=1)
    )

    assert tasks.requeue_stale_certificates() == 1
    assert [args[1] for _name, args in sent_tasks] == [lost.pk]


def test_a_request_made_while_rendering_stays_pending(lost):
    content = certificates.certificate_content(lost.pk)  # the worker reads the award...
    Award.objects.filter(pk=lost.pk).update(  # ...the branding changes meanwhile...
        certificate_requested_at=timezone.now() + timedelta(seconds=1)
    )
    certificates.record_certificate(lost.pk, f"certificates/{content.verification_code}.pdf")

    lost.refresh_from_db()
    assert lost.certificate_state == "ready"
    assert lost.certificate_requested_at is not None  # ...so the sweep renders it again

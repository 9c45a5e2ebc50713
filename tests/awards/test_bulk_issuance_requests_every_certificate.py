"""Bulk issuance leaves every award with its certificate requested, and queues the renderings
after each chunk commits (never rendering inline): one message per chunk, which a certificates
worker fans out into one rendering per award; a run again queues nothing twice for awards whose
certificate is already stored."""

import pytest

from credentials.awards import certificates, services, tasks
from credentials.awards.models import Award
from tests.awards.test_bulk_issuance import batch_of, rows_of

pytestmark = pytest.mark.django_db


def rendered(sent_tasks):
    """The awards whose rendering was sent, once the chunks' messages are fanned out (as the
    `awards.queue_certificate_renders` task does on a certificates worker)."""
    for name, args in list(sent_tasks):
        if name == "awards.queue_certificate_renders":
            assert tasks.queue_certificate_renders(*args) == len(args[0])
    return sorted(args[1] for name, args in sent_tasks if name == "certificates.render")


def test_every_award_of_a_batch_has_its_certificate_requested_and_queued(
    published, institution_staff, sent_tasks, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(services, "CHUNK", 3)  # several chunks, each queued after its commit
    batch = batch_of(published, institution_staff, rows_of(published, 7))

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.run_batch(batch.pk)

    awards = Award.objects.filter(batch=batch)
    assert awards.count() == 7
    assert not awards.filter(certificate_requested_at__isnull=True).exists()
    assert not awards.exclude(certificate_name="").exists()  # nothing rendered inline
    fan_outs = [args for name, args in sent_tasks if name == "awards.queue_certificate_renders"]
    assert len(fan_outs) == 3 and len(sent_tasks) == 3  # one message per chunk
    assert rendered(sent_tasks) == sorted(awards.values_list("pk", flat=True))
    certificate_callbacks = [c for c in callbacks if "queue_issued_on_commit" in c.__qualname__]
    assert len(certificate_callbacks) == 3  # one per chunk, after its commit


def test_a_batch_run_again_queues_only_certificates_still_pending(
    published, institution_staff, sent_tasks, django_capture_on_commit_callbacks
):
    batch = batch_of(published, institution_staff, rows_of(published, 2))
    with django_capture_on_commit_callbacks(execute=True):
        services.run_batch(batch.pk)
    first = Award.objects.filter(batch=batch).order_by("pk").first()
    certificates.record_certificate(first.pk, f"certificates/{first.verification_code}.pdf")
    sent_tasks.clear()

    more = batch_of(published, institution_staff, rows_of(published, 3))
    with django_capture_on_commit_callbacks(execute=True):
        services.run_batch(more.pk)

    third = Award.objects.get(external_id="ROW-2")
    assert rendered(sent_tasks) == [third.pk]

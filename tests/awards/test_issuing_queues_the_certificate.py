"""Issuing an award records its certificate as requested in the same transaction and queues one
`certificates.render` after commit; the task, run as a worker runs it, stores the learner's PDF
under the award's code and records its name, and a second run keeps the one file."""

import pytest

from credentials.awards.models import Award
from credentials.certificates import tasks
from credentials.certificates.extraction import extract_credential
from tests.awards.conftest import stored_files
from tests.certificates.certificate_files import needs_poppler, pdf_text

pytestmark = pytest.mark.django_db


def test_issuing_records_the_certificate_requested_and_queues_one_render(
    issue, published, sent_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        award = issue(published)
        assert Award.objects.get(pk=award.pk).certificate_requested_at is not None
        assert sent_tasks == []  # nothing is sent before the issuing commits

    for callback in callbacks:
        callback()

    assert sent_tasks == [
        (
            "certificates.render",
            (
                "credentials.awards.certificates.certificate_content",
                award.pk,
                "credentials.awards.certificates.record_certificate",
                False,
            ),
        )
    ]
    assert award.certificate_state == "pending"


def test_issuing_the_same_external_id_again_queues_nothing(
    issue, published, sent_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        issue(published)
    with django_capture_on_commit_callbacks(execute=True):
        issue(published)

    assert len(sent_tasks) == 1


@needs_poppler
def test_the_queued_render_stores_the_pdf_and_records_its_name(
    issue, published, sent_tasks, certificate_folder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        award = issue(published)
    [(_name, args)] = sent_tasks

    stored = tasks.render_certificate(*args)  # what the worker does with the message
    again = tasks.render_certificate(*args)

    award.refresh_from_db()
    assert stored == again == f"certificates/{award.verification_code}.pdf"
    assert award.certificate_name == stored
    assert award.certificate_requested_at is None
    assert award.certificate_state == "ready"
    assert stored_files(certificate_folder) == [stored]
    pdf = (certificate_folder / stored).read_bytes()
    assert extract_credential(pdf) == award.credential
    text = pdf_text(pdf)
    assert award.learner_name in text
    assert published.title in text
    assert award.verification_code in text


@needs_poppler
def test_a_french_learner_gets_a_french_certificate(
    issue, published, certificate_folder, django_capture_on_commit_callbacks
):
    from credentials.awards import certificates

    award = issue(published)
    Award.objects.filter(pk=award.pk).update(language="fr")

    name = certificates.render_now(award.pk)

    text = pdf_text((certificate_folder / name).read_bytes())
    assert "Certificat" in text or "certifie" in text

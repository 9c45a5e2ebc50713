"""Submitting drafts, answering a review and seeing the automatic checks in the portal."""

import time

from django.urls import reverse
from django.utils.html import escape

from credentials import services
from credentials.api.public_cache import next_generation
from credentials.models import CheckReport, ReviewComment, Status


def url(name, version):
    mc = version.micro_credential
    return reverse(f"portal:{name}", args=[mc.provider.slug, mc.code])


def test_a_draft_offers_edit_and_submit(staff_client, draft):
    page = staff_client.get(url("micro_credential", draft)).content.decode()

    assert url("edit", draft) in page
    assert "Submit for review" in page
    assert "Respond and resubmit" not in page
    assert "Withdraw" not in page
    assert "Start a new version" not in page
    assert "The checks run when the version is submitted." in page


def test_submitting_shows_submitted_and_checks_running(
    staff_client, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = staff_client.post(url("submit", draft), follow=True)

    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    # The automatic checks are queued once the transaction commits (beside the public API
    # cache's invalidation).
    assert len([call for call in callbacks if call is not next_generation]) == 1
    page = response.content.decode()
    assert "Submitted for review." in page
    assert '<span class="badge badge-warn">Submitted</span>' in page
    assert "Checks running" in page
    assert "Submit for review</button>" not in page
    assert url("edit", draft) not in page


def test_submitting_twice_is_refused_with_a_message(
    staff_client, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        staff_client.post(url("submit", draft))
        response = staff_client.post(url("submit", draft), follow=True)

    assert response.status_code == 200
    assert "A submitted micro-credential cannot become submitted." in response.content.decode()
    assert CheckReport.objects.filter(version=draft).count() == 1


def test_submit_only_accepts_post(staff_client, draft):
    assert staff_client.get(url("submit", draft)).status_code == 405
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_respond_and_resubmit_after_changes_requested(
    staff_client, draft, institution_staff, regulator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        services.submit(actor=institution_staff, version=draft)
        services.request_changes(
            actor=regulator, version=draft, comment="State the assessment criteria."
        )

    page = staff_client.get(url("micro_credential", draft)).content.decode()
    assert "Changes requested" in page
    assert "State the assessment criteria." in page
    assert "Respond and resubmit" in page
    assert '<label for="id_response">' in page
    assert url("edit", draft) in page

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = staff_client.post(
            url("submit", draft),
            {"response": "Added the criteria to the assessment description."},
            follow=True,
        )

    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    assert len([call for call in callbacks if call is not next_generation]) == 1
    assert draft.comments.filter(
        kind=ReviewComment.Kind.RESPONSE,
        body="Added the criteria to the assessment description.",
        author=institution_staff,
    ).exists()
    page = response.content.decode()
    assert "Response from the provider" in page
    assert "Added the criteria to the assessment description." in page


def test_completed_checks_show_each_result_with_its_sentence(staff_client, draft, celery_worker):
    staff_client.post(url("submit", draft))  # committed: the worker runs the checks

    report = CheckReport.objects.get(version=draft)
    deadline = time.monotonic() + 30
    while report.state == CheckReport.State.PENDING and time.monotonic() < deadline:
        time.sleep(0.2)
        report.refresh_from_db()
    assert report.state == CheckReport.State.COMPLETE

    page = staff_client.get(url("micro_credential", draft)).content.decode()
    assert "Checks running" not in page
    for check in report.checks:
        assert escape(check["message"]) in page
    assert "University of Port Louis is a registered provider." in page
    assert '<span class="badge badge-ok">Pass</span>' in page

"""Decisions from the review page: approve publishes; request changes and reject need a comment
and email the institution; a decision the status does not allow shows an error."""

import pytest

from credentials.models import ReviewComment, Status

pytestmark = pytest.mark.django_db


def test_starting_the_review_marks_the_version_in_review(client, regulator, workflow):
    version = workflow.version_in(Status.SUBMITTED)
    client.force_login(regulator)

    response = client.post(f"/review/versions/{version.pk}/start/", follow=True)

    version.refresh_from_db()
    assert version.status == Status.IN_REVIEW
    assert version.reviewer == regulator
    assert "You are reviewing this version." in response.text


def test_approving_publishes_and_the_record_page_is_public(
    client, regulator, workflow, sent_mail, django_capture_on_commit_callbacks
):
    version = workflow.version_in(Status.IN_REVIEW)
    code = version.micro_credential.code
    assert client.get(f"/micro-credentials/{code}/").status_code == 404
    client.force_login(regulator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/review/versions/{version.pk}/decide/",
            {"decision": "approve", "comment": "Meets every requirement."},
            follow=True,
        )

    version.refresh_from_db()
    assert version.status == Status.PUBLISHED
    assert "Approved and published." in response.text
    assert len(sent_mail()) == 1 and "Approved" in sent_mail()[0].subject
    client.logout()
    public = client.get(f"/micro-credentials/{code}/")
    assert public.status_code == 200
    assert version.title in public.text


@pytest.mark.parametrize(
    ("decision", "status", "kind"),
    [
        ("request_changes", Status.CHANGES_REQUESTED, "Changes requested"),
        ("reject", Status.REJECTED, "Rejected"),
    ],
)
def test_a_decision_emails_the_institution_with_the_comment(
    client,
    regulator,
    workflow,
    institution_admin,
    sent_mail,
    django_capture_on_commit_callbacks,
    decision,
    status,
    kind,
):
    version = workflow.version_in(Status.IN_REVIEW)
    client.force_login(regulator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/review/versions/{version.pk}/decide/",
            {"decision": decision, "comment": "State the assessment criteria per outcome."},
        )

    version.refresh_from_db()
    assert version.status == status
    [message] = sent_mail()
    assert kind in message.subject
    assert "State the assessment criteria per outcome." in message.body
    assert institution_admin.email in message.to
    page = client.get(f"/review/versions/{version.pk}/").text
    assert "State the assessment criteria per outcome." in page


@pytest.mark.parametrize("decision", ["approve", "request_changes", "reject"])
def test_a_decision_without_a_comment_is_a_form_error_and_saves_nothing(
    client, regulator, workflow, sent_mail, django_capture_on_commit_callbacks, decision
):
    version = workflow.version_in(Status.IN_REVIEW)
    client.force_login(regulator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/review/versions/{version.pk}/decide/", {"decision": decision, "comment": "  "}
        )

    version.refresh_from_db()
    assert response.status_code == 400
    assert "This field is required." in response.text
    assert version.status == Status.IN_REVIEW
    assert not ReviewComment.objects.filter(version=version).exists()
    assert sent_mail() == []


def test_a_decision_the_status_does_not_allow_shows_an_error_and_changes_nothing(
    client, regulator, workflow
):
    version = workflow.version_in(Status.REJECTED)
    comments = ReviewComment.objects.filter(version=version).count()
    client.force_login(regulator)

    response = client.post(
        f"/review/versions/{version.pk}/decide/",
        {"decision": "approve", "comment": "Changed my mind."},
        follow=True,
    )

    version.refresh_from_db()
    assert version.status == Status.REJECTED
    assert ReviewComment.objects.filter(version=version).count() == comments
    assert "A rejected micro-credential cannot become published." in response.text
    assert 'class="message message-error"' in response.text


def test_starting_a_review_twice_shows_an_error(client, regulator, workflow):
    version = workflow.version_in(Status.IN_REVIEW)
    client.force_login(regulator)

    response = client.post(f"/review/versions/{version.pk}/start/", follow=True)

    assert "cannot become in review" in response.text

"""A regulator suspends a published micro-credential with a reason; the public page says so."""

import pytest

from credentials.models import Status

pytestmark = pytest.mark.django_db


def test_suspending_shows_the_reason_on_the_public_page(client, regulator, workflow):
    version = workflow.version_in(Status.PUBLISHED)
    code = version.micro_credential.code
    client.force_login(regulator)

    response = client.post(
        f"/review/micro-credentials/{code}/suspend/",
        {"suspend-reason": "Complaint about the assessment under investigation."},
        follow=True,
    )

    version.refresh_from_db()
    assert version.status == Status.SUSPENDED
    assert "Suspended: the public record now says so." in response.text
    client.logout()
    public = client.get(f"/micro-credentials/{code}/").text
    assert (
        "This micro-credential has been suspended by the regulator: "
        "Complaint about the assessment under investigation." in public
    )


def test_suspending_needs_a_reason(client, regulator, workflow):
    version = workflow.version_in(Status.PUBLISHED)
    client.force_login(regulator)

    response = client.post(
        f"/review/micro-credentials/{version.micro_credential.code}/suspend/",
        {"suspend-reason": ""},
    )

    version.refresh_from_db()
    assert response.status_code == 400
    assert "This field is required." in response.text
    assert version.status == Status.PUBLISHED


def test_reinstating_removes_the_banner(client, regulator, workflow):
    version = workflow.version_in(Status.SUSPENDED)
    code = version.micro_credential.code
    client.force_login(regulator)

    client.post(
        f"/review/micro-credentials/{code}/reinstate/",
        {"reinstate-reason": "Investigation closed without findings."},
    )

    version.refresh_from_db()
    assert version.status == Status.PUBLISHED
    client.logout()
    assert "has been suspended" not in client.get(f"/micro-credentials/{code}/").text


def test_suspending_a_never_published_micro_credential_is_404(client, regulator, workflow):
    version = workflow.version_in(Status.SUBMITTED)
    client.force_login(regulator)

    response = client.post(
        f"/review/micro-credentials/{version.micro_credential.code}/suspend/",
        {"suspend-reason": "Why not."},
    )

    assert response.status_code == 404

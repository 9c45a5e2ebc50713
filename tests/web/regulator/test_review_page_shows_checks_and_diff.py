"""The review page shows every element, the automatic checks and what changed since the version
the public saw."""

import pytest

from credentials import checks, services
from credentials.models import Status

pytestmark = pytest.mark.django_db


def test_the_review_page_shows_each_check_with_its_sentence(client, regulator, workflow):
    version = workflow.version_in(Status.SUBMITTED)
    report = version.check_reports.get()
    checks.complete_report(report.pk)
    client.force_login(regulator)

    page = client.get(f"/review/versions/{version.pk}/").text

    report.refresh_from_db()
    assert report.checks
    for check in report.checks:
        assert check["name"] in page
        assert check["message"].replace("'", "&#x27;") in page
    assert "Configure identity and access management for a cloud account" in page
    assert "MU-NQF" in page or "NQF" in page
    assert "This micro-credential has not been published before." in page


def test_the_review_page_says_checks_are_running_while_they_are(client, regulator, workflow):
    version = workflow.version_in(Status.SUBMITTED)
    client.force_login(regulator)

    page = client.get(f"/review/versions/{version.pk}/").text

    assert "Checks running" in page


def test_the_review_page_diffs_a_new_version_against_the_published_one(
    client, regulator, workflow, institution_staff
):
    published = workflow.version_in(Status.PUBLISHED)
    draft = services.start_new_version(
        actor=institution_staff, micro_credential=published.micro_credential
    )
    services.update_draft(
        actor=institution_staff,
        version=draft,
        data={
            "title": "Cloud security in practice",
            "notional_hours": 150,
            "learning_outcomes": [*published.learning_outcomes, "Respond to a cloud incident"],
        },
    )
    services.submit(actor=institution_staff, version=draft)
    client.force_login(regulator)

    page = client.get(f"/review/versions/{draft.pk}/").text

    diff = page.split('id="diff-heading"')[1].split("</section>")[0]
    assert "Compared with version 1" in diff
    assert f"<del>{published.title}</del>" in diff
    assert "<ins>Cloud security in practice</ins>" in diff
    assert "<del>120</del>" in diff and "<ins>150</ins>" in diff
    assert "<li>Respond to a cloud incident</li>" in diff
    assert "Quality assurance" not in diff and "Credits" not in diff


def test_user_text_on_the_review_page_is_escaped(client, regulator, workflow):
    version = workflow.version_in(Status.SUBMITTED, title="<script>alert(1)</script> Security")
    client.force_login(regulator)

    page = client.get(f"/review/versions/{version.pk}/").text

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Security" in page

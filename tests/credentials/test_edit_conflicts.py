"""Two people editing the same draft: the second save, made on a stale revision, is refused."""

import pytest

from credentials import services
from credentials.models import MicroCredentialVersion, Status
from registry.audit.models import AuditEvent
from registry.core.errors import InvalidTransition

pytestmark = pytest.mark.django_db


def test_an_edit_on_the_current_revision_saves_and_bumps_the_revision(draft, institution_staff):
    assert draft.revision == 1

    services.update_draft(
        actor=institution_staff,
        version=draft,
        data={"title": "Cloud security"},
        expected_revision=1,
    )

    draft.refresh_from_db()
    assert (draft.title, draft.revision) == ("Cloud security", 2)


def test_an_edit_on_a_stale_revision_is_refused_and_saves_nothing(
    draft, institution_staff, institution_admin
):
    # Both open the draft at revision 1; the admin saves first.
    opened_at = draft.revision
    services.update_draft(
        actor=institution_admin,
        version=draft,
        data={"title": "Admin's title"},
        expected_revision=opened_at,
    )
    saved = MicroCredentialVersion.objects.get(pk=draft.pk)
    events = AuditEvent.objects.count()

    with pytest.raises(InvalidTransition, match="Somebody else changed this version"):
        services.update_draft(
            actor=institution_staff,
            version=draft,
            data={"title": "Staff title", "notional_hours": 130, "skills": ["cloud computing"]},
            expected_revision=opened_at,
        )

    draft.refresh_from_db()
    assert draft.title == "Admin's title"
    assert draft.notional_hours == saved.notional_hours
    assert draft.skills == saved.skills
    assert (draft.revision, draft.updated_at) == (2, saved.updated_at)
    assert AuditEvent.objects.count() == events


def test_after_reloading_the_second_editor_can_save(draft, institution_staff, institution_admin):
    services.update_draft(
        actor=institution_admin, version=draft, data={"title": "A"}, expected_revision=1
    )
    fresh = MicroCredentialVersion.objects.get(pk=draft.pk)

    services.update_draft(
        actor=institution_staff,
        version=fresh,
        data={"title": "B"},
        expected_revision=fresh.revision,
    )

    fresh.refresh_from_db()
    assert (fresh.title, fresh.revision) == ("B", 3)


def test_an_edit_that_changes_nothing_keeps_the_revision(draft, institution_staff):
    services.update_draft(
        actor=institution_staff, version=draft, data={"title": draft.title}, expected_revision=1
    )

    draft.refresh_from_db()
    assert draft.revision == 1


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.IN_REVIEW, Status.PUBLISHED])
def test_a_version_outside_drafting_cannot_be_edited(workflow, status):
    version = workflow.version_in(status)
    title = version.title

    with pytest.raises(
        InvalidTransition, match=f"this one is {version.get_status_display().lower()}"
    ):
        services.update_draft(
            actor=workflow.member,
            version=version,
            data={"title": "Changed"},
            expected_revision=version.revision,
        )

    version.refresh_from_db()
    assert version.title == title


def test_a_version_sent_back_for_changes_can_be_edited(workflow):
    version = workflow.version_in(Status.CHANGES_REQUESTED)

    services.update_draft(
        actor=workflow.member,
        version=version,
        data={"assessment_description": "Graded against a published rubric."},
        expected_revision=version.revision,
    )

    version.refresh_from_db()
    assert version.assessment_description == "Graded against a published rubric."

"""Every edit and every transition leaves an audit event: who, what, from what to what."""

from decimal import Decimal

import pytest

from credentials import services
from credentials.models import Status
from registry.audit.models import AuditEvent
from registry.audit.services import SYSTEM_ACTOR

pytestmark = pytest.mark.django_db


def events_for(version) -> list[AuditEvent]:
    return list(AuditEvent.objects.for_object(version).order_by("created_at", "id"))


def last_event(version) -> AuditEvent:
    return events_for(version)[-1]


def test_creating_a_micro_credential_records_its_content(provider, institution_staff, draft):
    data = {name: getattr(draft, name) for name in services.CONTENT_FIELDS}
    data["title"] = "Data protection for practitioners"

    version = services.create_micro_credential(
        actor=institution_staff, provider=provider, data=data
    )

    [event] = events_for(version)
    assert event.action == "micro_credential.created"
    assert (event.actor, event.actor_label) == (institution_staff, "staff")
    assert event.provider == provider
    assert event.before == {}
    assert event.after["title"] == "Data protection for practitioners"
    assert Decimal(event.after["credits"]) == 12
    assert event.after["level"] == str(draft.level)
    assert event.after["learning_outcomes"] == draft.learning_outcomes


def test_an_edit_records_only_the_changed_fields_before_and_after(draft, institution_staff):
    old_title = draft.title

    services.update_draft(
        actor=institution_staff,
        version=draft,
        data={
            "title": "Cloud security essentials",
            "summary": draft.summary,
            "notional_hours": 125,
        },
    )

    event = last_event(draft)
    assert event.action == "micro_credential.edited"
    assert event.actor == institution_staff
    assert event.before == {"title": old_title, "notional_hours": 120}
    assert event.after == {"title": "Cloud security essentials", "notional_hours": 125}
    assert event.changed_fields() == [
        ("notional_hours", 120, 125),
        ("title", old_title, "Cloud security essentials"),
    ]


def test_an_edit_that_changes_nothing_records_nothing(draft, institution_staff):
    count = AuditEvent.objects.count()

    services.update_draft(actor=institution_staff, version=draft, data={"title": draft.title})

    assert AuditEvent.objects.count() == count


@pytest.mark.parametrize(
    ("start", "action", "event_action", "actor", "target", "comment"),
    [
        (Status.DRAFT, "submit", "submitted", "member", Status.SUBMITTED, ""),
        (Status.SUBMITTED, "start_review", "review_started", "regulator", Status.IN_REVIEW, ""),
        (
            Status.SUBMITTED,
            "request_changes",
            "changes_requested",
            "regulator",
            Status.CHANGES_REQUESTED,
            "State the assessment criteria.",
        ),
        (Status.IN_REVIEW, "approve", "approved", "regulator", Status.PUBLISHED, "Approved."),
        (
            Status.IN_REVIEW,
            "reject",
            "rejected",
            "regulator",
            Status.REJECTED,
            "Outside the provider's mandate.",
        ),
        (Status.CHANGES_REQUESTED, "submit", "submitted", "member", Status.SUBMITTED, ""),
        (
            Status.PUBLISHED,
            "withdraw",
            "withdrawn",
            "member",
            Status.WITHDRAWN,
            "Course discontinued.",
        ),
        (
            Status.PUBLISHED,
            "suspend",
            "suspended",
            "regulator",
            Status.SUSPENDED,
            "Complaint under investigation.",
        ),
        (
            Status.SUSPENDED,
            "reinstate",
            "reinstated",
            "regulator",
            Status.PUBLISHED,
            "Complaint resolved.",
        ),
        (
            Status.SUSPENDED,
            "withdraw",
            "withdrawn",
            "member",
            Status.WITHDRAWN,
            "Course discontinued.",
        ),
    ],
)
def test_every_transition_records_who_moved_it_from_what_to_what(
    workflow, start, action, event_action, actor, target, comment
):
    version = workflow.version_in(start)
    count = AuditEvent.objects.count()

    getattr(workflow, action)(version)

    event = last_event(version)
    assert AuditEvent.objects.count() == count + 1
    assert event.action == f"micro_credential.{event_action}"
    assert event.actor == getattr(workflow, actor)
    assert event.actor_label == getattr(workflow, actor).username
    assert event.provider == workflow.provider
    assert event.before == {"status": start}
    assert event.after == {"status": target}
    assert event.comment == comment
    assert event.object_repr == str(version)


def test_approving_v2_records_the_start_of_v2_the_approval_and_the_superseding(workflow):
    v1 = workflow.version_in(Status.PUBLISHED)

    v2 = services.start_new_version(actor=workflow.member, micro_credential=v1.micro_credential)
    workflow.submit(v2)
    workflow.approve(v2)

    started, submitted, approved = events_for(v2)
    assert started.action == "micro_credential.version_started"
    assert started.actor == workflow.member
    assert started.after == {"number": 2, "from_version": 1}
    assert submitted.action == "micro_credential.submitted"
    assert approved.action == "micro_credential.approved"
    superseded = last_event(v1)
    assert superseded.action == "micro_credential.superseded"
    assert superseded.actor == workflow.regulator
    assert (superseded.before, superseded.after) == (
        {"status": Status.PUBLISHED},
        {"status": Status.SUPERSEDED},
    )
    assert superseded.comment == "v2"


def test_the_whole_life_of_a_version_is_in_its_history(workflow):
    version = workflow.new_draft()
    workflow.submit(version)
    workflow.request_changes(version)
    services.update_draft(
        actor=workflow.member, version=version, data={"assessment_description": "Criteria: ..."}
    )
    workflow.submit(version)
    workflow.start_review(version)
    workflow.approve(version)

    assert [event.action.removeprefix("micro_credential.") for event in events_for(version)] == [
        "submitted",
        "changes_requested",
        "edited",
        "submitted",
        "review_started",
        "approved",
    ]


def test_the_automatic_checks_are_recorded_as_the_system(workflow):
    from credentials.checks import complete_report

    version = workflow.new_draft()
    report = workflow.submit(version)

    complete_report(report.pk)

    event = last_event(version)
    assert event.action == "micro_credential.checks_completed"
    assert (event.actor, event.actor_label) == (None, SYSTEM_ACTOR)
    assert event.after == {"outcome": "pass"}

"""The workflow services follow TRANSITIONS, refuse everything else, and check who acts."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from credentials import services
from credentials.models import (
    TRANSITIONS,
    CheckReport,
    MicroCredential,
    MicroCredentialVersion,
    ReviewComment,
    Status,
)
from registry.audit.models import AuditEvent
from registry.core.errors import InvalidTransition, NotAllowed

pytestmark = pytest.mark.django_db

# (from, to, the workflow helper that makes the move). Superseding has its own tests below.
ALLOWED = [
    (Status.DRAFT, Status.SUBMITTED, "submit"),
    (Status.SUBMITTED, Status.IN_REVIEW, "start_review"),
    (Status.SUBMITTED, Status.CHANGES_REQUESTED, "request_changes"),
    (Status.SUBMITTED, Status.PUBLISHED, "approve"),
    (Status.SUBMITTED, Status.REJECTED, "reject"),
    (Status.IN_REVIEW, Status.CHANGES_REQUESTED, "request_changes"),
    (Status.IN_REVIEW, Status.PUBLISHED, "approve"),
    (Status.IN_REVIEW, Status.REJECTED, "reject"),
    (Status.CHANGES_REQUESTED, Status.SUBMITTED, "submit"),
    (Status.PUBLISHED, Status.WITHDRAWN, "withdraw"),
    (Status.PUBLISHED, Status.SUSPENDED, "suspend"),
    (Status.SUSPENDED, Status.PUBLISHED, "reinstate"),
    (Status.SUSPENDED, Status.WITHDRAWN, "withdraw"),
]
ACTIONS = [
    "submit",
    "start_review",
    "request_changes",
    "approve",
    "reject",
    "withdraw",
    "suspend",
    "reinstate",
]
REFUSED = [
    (status, action)
    for status in Status
    for action in ACTIONS
    if (status, action) not in {(frm, act) for frm, _, act in ALLOWED}
]


def state_of(version) -> dict:
    """Everything a refused action must leave exactly as it was."""
    version = MicroCredentialVersion.objects.get(pk=version.pk)
    micro_credential = MicroCredential.objects.get(pk=version.micro_credential_id)
    return {
        "version": {
            field.attname: getattr(version, field.attname)
            for field in version._meta.concrete_fields
        },
        "published_version": micro_credential.published_version_id,
        "versions": list(micro_credential.versions.values_list("pk", "status", "updated_at")),
        "events": AuditEvent.objects.count(),
        "comments": ReviewComment.objects.count(),
        "reports": CheckReport.objects.count(),
    }


def test_the_tests_cover_every_transition_in_the_table():
    in_table = {(frm, to) for frm, targets in TRANSITIONS.items() for to in targets}
    covered = {(frm, to) for frm, to, _ in ALLOWED} | {(Status.PUBLISHED, Status.SUPERSEDED)}

    assert covered == in_table


@pytest.mark.parametrize(("start", "target", "action"), ALLOWED, ids=lambda v: str(v))
def test_an_allowed_transition_works_through_its_service(workflow, start, target, action):
    version = workflow.version_in(start)

    getattr(workflow, action)(version)

    version.refresh_from_db()
    assert version.status == target


@pytest.mark.parametrize(("status", "action"), REFUSED, ids=lambda v: str(v))
def test_a_transition_not_in_the_table_is_refused_and_changes_nothing(workflow, status, action):
    version = workflow.version_in(status)
    before = state_of(version)

    with pytest.raises(InvalidTransition) as refused:
        getattr(workflow, action)(version)

    message = str(refused.value)
    assert message[0].isupper() and message.endswith(".")
    assert "_" not in message, "statuses are named in words, not as codes"
    assert state_of(version) == before


def test_the_refusal_names_both_statuses_in_words(workflow):
    version = workflow.version_in(Status.DRAFT)

    with pytest.raises(InvalidTransition, match="A draft micro-credential cannot become rejected"):
        services.reject(actor=workflow.regulator, version=version, comment="No.")


def test_approving_a_suspended_version_is_refused_reinstating_is_the_way(workflow):
    version = workflow.version_in(Status.SUSPENDED)

    with pytest.raises(InvalidTransition, match="not awaiting review; reinstate it instead"):
        workflow.approve(version)

    workflow.reinstate(version)
    version.refresh_from_db()
    assert version.status == Status.PUBLISHED
    assert version.status_reason == ""


def test_a_decision_needs_a_comment(workflow):
    version = workflow.version_in(Status.SUBMITTED)
    before = state_of(version)

    with pytest.raises(ValidationError) as refused:
        services.approve(actor=workflow.regulator, version=version, comment="  ")

    assert "comment" in refused.value.message_dict

    assert state_of(version) == before


def test_a_suspension_needs_a_reason(workflow):
    version = workflow.version_in(Status.PUBLISHED)
    before = state_of(version)

    with pytest.raises(ValidationError) as refused:
        services.suspend(actor=workflow.regulator, version=version, reason="")

    assert "reason" in refused.value.message_dict

    assert state_of(version) == before


def test_a_version_with_blockers_cannot_be_submitted(workflow):
    version = workflow.new_draft(languages=[], quality_assurance=" ")
    before = state_of(version)

    with pytest.raises(InvalidTransition) as refused:
        workflow.submit(version)

    assert "language" in str(refused.value)
    assert "quality assurance" in str(refused.value)
    assert state_of(version) == before


# --- Who may act ----------------------------------------------------------------------------


def _start_review(actor, v):
    services.start_review(actor=actor, version=v)


def _approve(actor, v):
    services.approve(actor=actor, version=v, comment="Fine.")


def _request_changes(actor, v):
    services.request_changes(actor=actor, version=v, comment="Please clarify.")


def _reject(actor, v):
    services.reject(actor=actor, version=v, comment="No.")


def _suspend(actor, v):
    services.suspend(actor=actor, version=v, reason="Complaint.")


def _reinstate(actor, v):
    services.reinstate(actor=actor, version=v, reason="Resolved.")


REVIEW_ACTIONS = [
    (Status.SUBMITTED, _start_review),
    (Status.SUBMITTED, _approve),
    (Status.IN_REVIEW, _approve),
    (Status.SUBMITTED, _request_changes),
    (Status.IN_REVIEW, _reject),
    (Status.PUBLISHED, _suspend),
    (Status.SUSPENDED, _reinstate),
]


@pytest.mark.parametrize(("status", "act"), REVIEW_ACTIONS)
@pytest.mark.parametrize("who", ["institution_staff", "institution_admin", "other_staff"])
def test_only_regulators_take_review_actions(workflow, request, status, act, who):
    version = workflow.version_in(status)
    before = state_of(version)

    with pytest.raises(NotAllowed, match="Only regulators"):
        act(request.getfixturevalue(who), version)

    assert state_of(version) == before


def _edit(actor, v):
    services.update_draft(actor=actor, version=v, data={"title": "X"})


def _submit(actor, v):
    services.submit(actor=actor, version=v)


def _withdraw(actor, v):
    services.withdraw(actor=actor, version=v, reason="No longer offered.")


def _start_new_version(actor, v):
    services.start_new_version(actor=actor, micro_credential=v.micro_credential)


DRAFTING_ACTIONS = [
    (Status.DRAFT, _edit),
    (Status.DRAFT, _submit),
    (Status.CHANGES_REQUESTED, _submit),
    (Status.PUBLISHED, _withdraw),
    (Status.PUBLISHED, _start_new_version),
]


@pytest.mark.parametrize(("status", "act"), DRAFTING_ACTIONS)
@pytest.mark.parametrize("who", ["regulator", "other_staff"])
def test_only_members_of_the_provider_draft_submit_and_withdraw(
    workflow, request, status, act, who
):
    version = workflow.version_in(status)
    before = state_of(version)

    with pytest.raises(NotAllowed, match="Only members of"):
        act(request.getfixturevalue(who), version)

    assert state_of(version) == before


@pytest.mark.parametrize("who", ["regulator", "other_staff"])
def test_only_members_create_micro_credentials(provider, request, who):
    with pytest.raises(NotAllowed):
        services.create_micro_credential(
            actor=request.getfixturevalue(who), provider=provider, data={"title": "Anything"}
        )

    assert not MicroCredential.objects.exists()


def test_an_institution_admin_may_draft_too(workflow, institution_admin):
    version = workflow.version_in(Status.DRAFT)

    services.submit(actor=institution_admin, version=version)

    version.refresh_from_db()
    assert version.status == Status.SUBMITTED


# --- Versions -------------------------------------------------------------------------------


def test_approving_v2_supersedes_v1_and_publishes_v2(workflow):
    v1 = workflow.version_in(Status.PUBLISHED)
    first_published_at = v1.published_at
    v2 = services.start_new_version(actor=workflow.member, micro_credential=v1.micro_credential)
    services.update_draft(actor=workflow.member, version=v2, data={"title": "Cloud security II"})
    workflow.submit(v2)

    workflow.approve(v2)

    v1.refresh_from_db()
    v2.refresh_from_db()
    micro_credential = MicroCredential.objects.get(pk=v1.micro_credential_id)
    assert micro_credential.published_version == v2
    assert (v1.status, v2.status) == (Status.SUPERSEDED, Status.PUBLISHED)
    assert v1.published_at == first_published_at
    assert v2.published_at is not None and v2.published_at > v1.published_at
    assert MicroCredential.objects.published().get() == micro_credential


def test_start_new_version_keeps_the_published_version_unchanged(workflow):
    v1 = workflow.version_in(Status.PUBLISHED)
    before = state_of(v1)["version"]

    v2 = services.start_new_version(actor=workflow.member, micro_credential=v1.micro_credential)
    services.update_draft(
        actor=workflow.member,
        version=v2,
        data={"title": "Cloud security, revised", "learning_outcomes": ["Something else"]},
    )

    assert state_of(v1)["version"] == before
    assert MicroCredential.objects.get(pk=v1.micro_credential_id).published_version_id == v1.pk
    v2.refresh_from_db()
    assert (v2.number, v2.status) == (2, Status.DRAFT)
    assert v2.title == "Cloud security, revised"
    assert v2.skills == v1.skills and v2.level_id == v1.level_id and v2.credits == v1.credits


def test_only_one_version_may_be_open_at_a_time(workflow):
    v1 = workflow.version_in(Status.PUBLISHED)
    services.start_new_version(actor=workflow.member, micro_credential=v1.micro_credential)

    with pytest.raises(InvalidTransition, match="already has a version in progress"):
        services.start_new_version(actor=workflow.member, micro_credential=v1.micro_credential)

    assert v1.micro_credential.versions.count() == 2


def test_the_database_also_refuses_a_second_open_version(workflow):
    draft = workflow.version_in(Status.DRAFT)

    with (
        pytest.raises(IntegrityError, match="version_one_open_per_micro_credential"),
        transaction.atomic(),
    ):
        workflow.new_draft(micro_credential=draft.micro_credential, number=2)


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUSPENDED, Status.WITHDRAWN])
def test_only_a_published_micro_credential_gets_a_new_version(workflow, status):
    version = workflow.version_in(status)

    with pytest.raises(InvalidTransition):
        services.start_new_version(actor=workflow.member, micro_credential=version.micro_credential)

    assert version.micro_credential.versions.count() == 1


def test_a_withdrawn_v1_stays_withdrawn_when_v2_is_approved(workflow):
    v1 = workflow.version_in(Status.PUBLISHED)
    v2 = services.start_new_version(actor=workflow.member, micro_credential=v1.micro_credential)
    workflow.withdraw(v1)
    workflow.submit(v2)

    workflow.approve(v2)

    v1.refresh_from_db()
    assert v1.status == Status.WITHDRAWN
    assert v1.status_reason == "Course discontinued."
    assert MicroCredential.objects.get(pk=v1.micro_credential_id).published_version_id == v2.pk

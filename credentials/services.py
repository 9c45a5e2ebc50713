"""Every write on micro-credentials: drafting, submission, review decisions and publication.

Each action takes keyword arguments and an `actor`, runs in one transaction, locks the version row,
checks the transition against `TRANSITIONS`, saves with `update_fields`, records an audit event
and schedules side effects (checks, emails) with `transaction.on_commit`.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from credentials import notifications, search, tasks
from credentials.diffs import snapshot
from credentials.models import (
    AWAITING_REVIEW,
    CONTENT_FIELDS,
    EDITABLE_STATUSES,
    CheckReport,
    MicroCredential,
    MicroCredentialVersion,
    ReviewComment,
    Status,
)
from registry.accounts.models import User
from registry.accounts.selectors import is_member, is_regulator
from registry.audit.services import record_event
from registry.core.errors import EditConflict, InvalidTransition, NotAllowed
from registry.core.queueing import enqueue_on_commit
from registry.providers.models import Provider


def _require_member(actor: User, provider: Provider) -> None:
    if not is_member(actor, provider):
        raise NotAllowed(_("Only members of %(provider)s may do this.") % {"provider": provider})


def require_active_provider(provider: Provider) -> None:
    """Only a registered provider drafts, imports and submits (and, later, issues awards)."""
    if provider.status != Provider.Status.REGISTERED:
        raise InvalidTransition(
            _(
                "%(provider)s is %(status)s: it cannot draft, import or submit micro-credentials "
                "while it is not registered."
            )
            % {"provider": provider, "status": provider.get_status_display().lower()}
        )


def _require_regulator(actor: User) -> None:
    if not is_regulator(actor):
        raise NotAllowed(_("Only regulators may do this."))


def _locked(version: MicroCredentialVersion) -> MicroCredentialVersion:
    return (
        MicroCredentialVersion.objects.select_for_update(of=("self",))
        .select_related("micro_credential__provider")
        .get(pk=version.pk)
    )


def _check_transition(version: MicroCredentialVersion, to: str) -> None:
    if not version.can_move_to(to):
        raise InvalidTransition(
            _("A %(current)s micro-credential cannot become %(target)s.")
            % {
                "current": version.get_status_display().lower(),
                "target": Status(to).label.lower(),
            }
        )


def _move(
    version: MicroCredentialVersion,
    to: str,
    *,
    actor: User,
    action: str,
    comment: str = "",
    fields: Sequence[str] = (),
) -> None:
    before = version.status
    version.status = to
    version.save(update_fields=["status", "updated_at", *fields])
    record_event(
        actor=actor,
        action=action,
        obj=version,
        provider=version.micro_credential.provider,
        before={"status": before},
        after={"status": to},
        comment=comment,
    )


# --- Drafting -------------------------------------------------------------------------------


@transaction.atomic
def create_micro_credential(
    *, actor: User, provider: Provider, data: Mapping[str, Any]
) -> MicroCredentialVersion:
    """A new micro-credential with its first draft version."""
    _require_member(actor, provider)
    require_active_provider(provider)
    micro_credential = MicroCredential.objects.create(provider=provider, created_by=actor)
    version = MicroCredentialVersion.objects.create(
        micro_credential=micro_credential,
        number=1,
        created_by=actor,
        **{name: data[name] for name in CONTENT_FIELDS if name in data},
    )
    record_event(
        actor=actor,
        action="micro_credential.created",
        obj=version,
        provider=provider,
        after=snapshot(version),
    )
    return version


@transaction.atomic
def update_draft(
    *,
    actor: User,
    version: MicroCredentialVersion,
    data: Mapping[str, Any],
    expected_revision: int | None = None,
) -> MicroCredentialVersion:
    """Edit a draft (or a version sent back for changes). `expected_revision` guards against two
    editors overwriting each other."""
    version = _locked(version)
    _require_member(actor, version.micro_credential.provider)
    require_active_provider(version.micro_credential.provider)
    if version.status not in EDITABLE_STATUSES:
        raise InvalidTransition(
            _("Only drafts and versions sent back for changes can be edited; this one is %(s)s.")
            % {"s": version.get_status_display().lower()}
        )
    if expected_revision is not None and expected_revision != version.revision:
        raise EditConflict(
            _("Somebody else changed this version in the meantime; reload it and try again.")
        )
    before = snapshot(version)
    changed = [
        name for name in CONTENT_FIELDS if name in data and data[name] != getattr(version, name)
    ]
    for name in changed:
        setattr(version, name, data[name])
    if changed:
        version.revision += 1
        version.save(update_fields=[*changed, "revision", "updated_at"])
        after = snapshot(version)
        record_event(
            actor=actor,
            action="micro_credential.edited",
            obj=version,
            provider=version.micro_credential.provider,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return version


def review_blockers(version: MicroCredentialVersion) -> list[str]:
    """What makes review impossible. Anything else is a finding of the automatic checks."""
    blockers = []
    if not version.title.strip():
        blockers.append(_("The title is empty."))
    if not version.languages:
        blockers.append(_("No language of instruction is given."))
    if not version.quality_assurance.strip():
        blockers.append(_("The type of quality assurance is not described."))
    return blockers


@transaction.atomic
def submit(*, actor: User, version: MicroCredentialVersion, response: str = "") -> CheckReport:
    """Send a draft (or a revised version) for review and queue its automatic checks."""
    version = _locked(version)
    _require_member(actor, version.micro_credential.provider)
    require_active_provider(version.micro_credential.provider)
    _check_transition(version, Status.SUBMITTED)
    blockers = review_blockers(version)
    if blockers:
        raise InvalidTransition(" ".join([_("This version cannot be reviewed yet."), *blockers]))
    if response.strip():
        ReviewComment.objects.create(
            version=version, author=actor, kind=ReviewComment.Kind.RESPONSE, body=response.strip()
        )
    version.submitted_at = timezone.now()
    _move(
        version,
        Status.SUBMITTED,
        actor=actor,
        action="micro_credential.submitted",
        comment=response.strip(),
        fields=["submitted_at"],
    )
    report = CheckReport.objects.create(version=version)
    enqueue_on_commit(tasks.run_checks, report.pk)
    return report


@transaction.atomic
def retry_checks(*, actor: User, report: CheckReport) -> CheckReport:
    """A regulator runs again the checks that could not run (the sweep gave up on them)."""
    _require_regulator(actor)
    report = (
        CheckReport.objects.select_for_update()
        .select_related("version__micro_credential__provider")
        .get(pk=report.pk)
    )
    if report.state != CheckReport.State.FAILED:
        raise InvalidTransition(_("Only checks that could not run can be run again."))
    report.state = CheckReport.State.PENDING
    report.attempts = 1
    report.queued_at = timezone.now()
    report.save(update_fields=["state", "attempts", "queued_at"])
    record_event(
        actor=actor,
        action="micro_credential.checks_retried",
        obj=report.version,
        provider=report.version.micro_credential.provider,
        before={"last_error": report.last_error},
    )
    enqueue_on_commit(tasks.run_checks, report.pk)
    return report


@transaction.atomic
def start_new_version(*, actor: User, micro_credential: MicroCredential) -> MicroCredentialVersion:
    """A new draft copied from the published version; the published one stays public."""
    micro_credential = MicroCredential.objects.select_for_update().get(pk=micro_credential.pk)
    _require_member(actor, micro_credential.provider)
    require_active_provider(micro_credential.provider)
    if micro_credential.versions.open().exists():
        raise InvalidTransition(
            _("This micro-credential already has a version in progress; finish that one first.")
        )
    published = micro_credential.published_version
    if published is None or published.status != Status.PUBLISHED:
        raise InvalidTransition(_("Only a published micro-credential can get a new version."))
    last_number = micro_credential.versions.aggregate(last=Max("number"))["last"] or 0
    version = MicroCredentialVersion.objects.create(
        micro_credential=micro_credential,
        number=last_number + 1,
        created_by=actor,
        **{name: getattr(published, name) for name in CONTENT_FIELDS},
    )
    record_event(
        actor=actor,
        action="micro_credential.version_started",
        obj=version,
        provider=micro_credential.provider,
        after={"number": version.number, "from_version": published.number},
    )
    return version


@transaction.atomic
def withdraw(*, actor: User, version: MicroCredentialVersion, reason: str) -> None:
    """The provider takes a published micro-credential out of the register."""
    version = _locked(version)
    _require_member(actor, version.micro_credential.provider)
    _check_transition(version, Status.WITHDRAWN)
    version.status_reason = reason.strip()
    _move(
        version,
        Status.WITHDRAWN,
        actor=actor,
        action="micro_credential.withdrawn",
        comment=reason.strip(),
        fields=["status_reason"],
    )
    search.refresh_listing(version.micro_credential)


# --- Review ---------------------------------------------------------------------------------


@transaction.atomic
def start_review(*, actor: User, version: MicroCredentialVersion) -> None:
    version = _locked(version)
    _require_regulator(actor)
    _check_transition(version, Status.IN_REVIEW)
    version.reviewer = actor
    _move(
        version,
        Status.IN_REVIEW,
        actor=actor,
        action="micro_credential.review_started",
        fields=["reviewer"],
    )


def _decide(
    version: MicroCredentialVersion,
    to: str,
    *,
    actor: User,
    comment: str,
    kind: str,
    action: str,
) -> ReviewComment:
    version = _locked(version)
    _require_regulator(actor)
    _check_transition(version, to)
    if version.status not in AWAITING_REVIEW:
        # TRANSITIONS lets a suspended version become published again: that is `reinstate`.
        raise InvalidTransition(
            _("A %(s)s micro-credential is not awaiting review; reinstate it instead.")
            % {"s": version.get_status_display().lower()}
        )
    if not comment.strip():
        raise ValidationError({"comment": _("A decision needs a comment for the provider.")})
    note = ReviewComment.objects.create(
        version=version, author=actor, kind=kind, body=comment.strip()
    )
    version.decided_at = timezone.now()
    version.reviewer = version.reviewer or actor
    fields = ["decided_at", "reviewer"]
    if to == Status.PUBLISHED:
        _publish(version, actor=actor)
        fields.append("published_at")
    _move(version, to, actor=actor, action=action, comment=comment.strip(), fields=fields)
    if to == Status.PUBLISHED:
        search.refresh_listing(version.micro_credential)
    notifications.decision(note)
    return note


def _publish(version: MicroCredentialVersion, *, actor: User) -> None:
    micro_credential = MicroCredential.objects.select_for_update().get(
        pk=version.micro_credential_id
    )
    previous = micro_credential.published_version
    if previous is not None and previous.pk != version.pk:
        previous = _locked(previous)
        # Only a published predecessor is superseded (TRANSITIONS); a withdrawn or suspended one
        # keeps its status and its reason.
        if previous.can_move_to(Status.SUPERSEDED):
            _move(
                previous,
                Status.SUPERSEDED,
                actor=actor,
                action="micro_credential.superseded",
                comment=f"v{version.number}",
            )
    version.published_at = timezone.now()
    micro_credential.published_version = version
    micro_credential.save(update_fields=["published_version"])


@transaction.atomic
def approve(*, actor: User, version: MicroCredentialVersion, comment: str) -> ReviewComment:
    """Approve and publish; a previously published version is superseded."""
    return _decide(
        version,
        Status.PUBLISHED,
        actor=actor,
        comment=comment,
        kind=ReviewComment.Kind.APPROVAL,
        action="micro_credential.approved",
    )


@transaction.atomic
def request_changes(*, actor: User, version: MicroCredentialVersion, comment: str) -> ReviewComment:
    return _decide(
        version,
        Status.CHANGES_REQUESTED,
        actor=actor,
        comment=comment,
        kind=ReviewComment.Kind.CHANGES_REQUESTED,
        action="micro_credential.changes_requested",
    )


@transaction.atomic
def reject(*, actor: User, version: MicroCredentialVersion, comment: str) -> ReviewComment:
    return _decide(
        version,
        Status.REJECTED,
        actor=actor,
        comment=comment,
        kind=ReviewComment.Kind.REJECTION,
        action="micro_credential.rejected",
    )


@transaction.atomic
def suspend(*, actor: User, version: MicroCredentialVersion, reason: str) -> None:
    """A regulator takes a published micro-credential out of the register, with a reason."""
    version = _locked(version)
    _require_regulator(actor)
    _check_transition(version, Status.SUSPENDED)
    if not reason.strip():
        raise ValidationError({"reason": _("A suspension needs a reason.")})
    ReviewComment.objects.create(
        version=version, author=actor, kind=ReviewComment.Kind.SUSPENSION, body=reason.strip()
    )
    version.status_reason = reason.strip()
    _move(
        version,
        Status.SUSPENDED,
        actor=actor,
        action="micro_credential.suspended",
        comment=reason.strip(),
        fields=["status_reason"],
    )
    search.refresh_listing(version.micro_credential)


@transaction.atomic
def reinstate(*, actor: User, version: MicroCredentialVersion, reason: str) -> None:
    version = _locked(version)
    _require_regulator(actor)
    if version.status != Status.SUSPENDED:
        raise InvalidTransition(_("Only a suspended micro-credential can be reinstated."))
    version.status_reason = ""
    _move(
        version,
        Status.PUBLISHED,
        actor=actor,
        action="micro_credential.reinstated",
        comment=reason.strip(),
        fields=["status_reason"],
    )
    search.refresh_listing(version.micro_credential)

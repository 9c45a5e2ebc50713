"""Every write on the provider register: applications, registration, scope and suspension.

Each action takes keyword arguments and an `actor` (a regulator, except for a public application),
runs in one transaction, locks the provider row, checks the transition against
`PROVIDER_TRANSITIONS`, saves with `update_fields`, records an audit event and emails on commit.
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from frameworks.models import FieldOfStudy, QualificationsFramework
from registry.accounts.models import Membership, User
from registry.accounts.selectors import is_provider_admin, is_regulator
from registry.accounts.services import invite_member
from registry.audit.services import record_event
from registry.core.errors import InvalidTransition, NotAllowed
from registry.providers import notifications
from registry.providers.models import Provider, RecognitionType
from registry.providers.signals import provider_status_changed

# What a person types about an organisation; status and scope are set by the workflow.
DETAIL_FIELDS = (
    "legal_name",
    "trading_name",
    "registration_number",
    "provider_type",
    "country",
    "website",
    "contact_email",
)
APPLICATION_FIELDS = (*DETAIL_FIELDS, "applicant_name", "applicant_email")
# Slugs that public URLs under /providers/ already use.
RESERVED_SLUGS = {"apply", "new"}


class DuplicateProvider(ValidationError):
    """A provider with this country and registration number is already on the register: an
    error of the registration number field."""

    def __init__(self, message: str) -> None:
        super().__init__({"registration_number": [message]})


def _require_regulator(actor: User) -> None:
    if not is_regulator(actor):
        raise NotAllowed(_("Only regulators may do this."))


def _locked(provider: Provider) -> Provider:
    return Provider.objects.select_for_update().get(pk=provider.pk)


def _check_transition(provider: Provider, to: str) -> None:
    if not provider.can_move_to(to):
        raise InvalidTransition(
            _("A provider whose status is %(current)s cannot become %(target)s.")
            % {
                "current": provider.get_status_display().lower(),
                "target": Provider.Status(to).label.lower(),
            }
        )


def _require_reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("A %(what)s needs a reason.") % {"what": what}})
    return reason


def _move(
    provider: Provider,
    to: str,
    *,
    actor: User,
    action: str,
    reason: str = "",
    effective_date: date | None = None,
    fields: Sequence[str] = (),
) -> None:
    before = {
        "status": provider.status,
        "status_effective_date": _iso(provider.status_effective_date),
    }
    provider.status = to
    provider.status_reason = reason
    provider.status_effective_date = effective_date or timezone.localdate()
    provider.save(
        update_fields=["status", "status_reason", "status_effective_date", "updated_at", *fields]
    )
    # Its micro-credentials leave (or come back to) the public search with it.
    provider_status_changed.send(sender=Provider, provider=provider)
    record_event(
        actor=actor,
        action=action,
        obj=provider,
        provider=provider,
        before=before,
        after={"status": to, "status_effective_date": _iso(provider.status_effective_date)},
        comment=reason,
    )


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def unique_slug(name: str) -> str:
    base = slugify(name)[:70].strip("-") or "provider"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Provider.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_not_duplicate(*, country: str, registration_number: str) -> None:
    if registration_number and (
        Provider.objects.filter(country=country, registration_number=registration_number).exists()
    ):
        raise DuplicateProvider(
            _("A provider from %(country)s with registration number %(number)s is already known.")
            % {"country": country, "number": registration_number}
        )


def _create(
    *, data: Mapping[str, Any], fields: Sequence[str], status: str, **extra: Any
) -> Provider:
    values = {name: (data.get(name) or "") for name in fields}
    values["country"] = values["country"].upper()
    values["registration_number"] = values["registration_number"].strip()
    _check_not_duplicate(
        country=values["country"], registration_number=values["registration_number"]
    )
    try:
        with transaction.atomic():
            return Provider.objects.create(
                slug=unique_slug(values["trading_name"] or values["legal_name"]),
                status=status,
                **values,
                **extra,
            )
    except IntegrityError:
        # Two identical applications at the same moment: the constraint answers for the second.
        raise DuplicateProvider(
            _("A provider with this country and registration number is already known.")
        ) from None


# --- Applications ---------------------------------------------------------------------------


@transaction.atomic
def apply_for_registration(*, data: Mapping[str, Any]) -> Provider | None:
    """An organisation applies on the public form; a regulator decides later.

    The form's answer must not tell a stranger which registration numbers are known, so an
    application whose country and registration number are already on the register (or have
    applied) files nothing and returns None like a success; the applicant is told by email,
    which only the owner of that address reads."""
    try:
        provider = _create(data=data, fields=APPLICATION_FIELDS, status=Provider.Status.APPLIED)
    except DuplicateProvider:
        application = {name: str(data.get(name) or "") for name in APPLICATION_FIELDS}
        notifications.duplicate_application(application)
        return None
    record_event(
        actor=None,
        action="provider.applied",
        obj=provider,
        provider=provider,
        after={"status": provider.status, "applicant_email": provider.applicant_email},
    )
    notifications.application_received(provider)
    return provider


@transaction.atomic
def approve_application(*, actor: User, provider: Provider, comment: str = "") -> Provider:
    """Register an applicant and make the person who applied its institution admin; they get an
    email with a link to choose their password."""
    _require_regulator(actor)
    provider = _locked(provider)
    _check_transition(provider, Provider.Status.REGISTERED)
    if not provider.applicant_email:
        raise InvalidTransition(
            _("The application has no applicant email, so nobody could sign in for it.")
        )
    if User.objects.filter(email__iexact=provider.applicant_email, is_regulator=True).exists():
        raise InvalidTransition(
            _(
                "The applicant email %(email)s belongs to a regulator officer, who cannot be an "
                "institution admin; decline the application or ask for another contact."
            )
            % {"email": provider.applicant_email}
        )
    provider.registered_at = timezone.now()
    _move(
        provider,
        Provider.Status.REGISTERED,
        actor=actor,
        action="provider.application_approved",
        reason=(comment or "").strip(),
        fields=["registered_at"],
    )
    user = invite_member(
        provider=provider,
        email=provider.applicant_email,
        role=Membership.Role.ADMIN,
        full_name=provider.applicant_name,
    )
    record_event(
        actor=actor,
        action="provider.admin_invited",
        obj=provider,
        provider=provider,
        after={"user": user.get_username(), "email": user.email, "role": Membership.Role.ADMIN},
    )
    notifications.application_approved(provider, user=user)
    return provider


@transaction.atomic
def decline_application(*, actor: User, provider: Provider, reason: str) -> Provider:
    _require_regulator(actor)
    provider = _locked(provider)
    _check_transition(provider, Provider.Status.DECLINED)
    reason = _require_reason(reason, _("decision to decline"))
    _move(
        provider,
        Provider.Status.DECLINED,
        actor=actor,
        action="provider.application_declined",
        reason=reason,
    )
    notifications.status_notice(provider)
    return provider


# --- Registration and scope -----------------------------------------------------------------


@transaction.atomic
def register_provider(
    *,
    actor: User,
    data: Mapping[str, Any],
    frameworks: Iterable[QualificationsFramework] = (),
    highest_level: int | None = None,
    fields: Iterable[FieldOfStudy] = (),
    recognition_types: Iterable[str] = (),
) -> Provider:
    """A regulator puts a provider straight on the register, with its scope."""
    _require_regulator(actor)
    provider = _create(
        data=data,
        fields=DETAIL_FIELDS,
        status=Provider.Status.REGISTERED,
        registered_at=timezone.now(),
        status_effective_date=timezone.localdate(),
    )
    _apply_scope(provider, frameworks, highest_level, fields, recognition_types)
    record_event(
        actor=actor,
        action="provider.registered",
        obj=provider,
        provider=provider,
        after={"status": provider.status, **scope_snapshot(provider)},
    )
    return provider


def scope_snapshot(provider: Provider) -> dict[str, Any]:
    return {
        "frameworks": sorted(provider.scope_frameworks.values_list("code", flat=True)),
        "highest_level": provider.scope_highest_level,
        "fields": sorted(provider.scope_fields.values_list("code", flat=True)),
        "recognition_types": sorted(provider.scope_recognition_types),
    }


def _apply_scope(
    provider: Provider,
    frameworks: Iterable[QualificationsFramework],
    highest_level: int | None,
    fields: Iterable[FieldOfStudy],
    recognition_types: Iterable[str],
) -> None:
    unknown = set(recognition_types) - set(RecognitionType.values)
    if unknown:
        raise ValidationError(
            {
                "recognition_types": _("Unknown recognition types: %(types)s.")
                % {"types": ", ".join(sorted(unknown))}
            }
        )
    if highest_level is not None and highest_level < 1:
        raise ValidationError({"highest_level": _("The highest level in scope must be 1 or more.")})
    provider.scope_highest_level = highest_level
    provider.scope_recognition_types = sorted(set(recognition_types))
    provider.save(update_fields=["scope_highest_level", "scope_recognition_types", "updated_at"])
    provider.scope_frameworks.set(frameworks)
    provider.scope_fields.set(fields)


@transaction.atomic
def set_scope(
    *,
    actor: User,
    provider: Provider,
    frameworks: Iterable[QualificationsFramework],
    highest_level: int | None,
    fields: Iterable[FieldOfStudy],
    recognition_types: Iterable[str],
) -> Provider:
    """What a provider may award: frameworks, highest level, fields of study, recognition types."""
    _require_regulator(actor)
    provider = _locked(provider)
    if provider.status in {Provider.Status.DECLINED, Provider.Status.DEREGISTERED}:
        raise InvalidTransition(
            _("The scope of a %(status)s provider cannot be changed.")
            % {"status": provider.get_status_display().lower()}
        )
    before = scope_snapshot(provider)
    _apply_scope(provider, frameworks, highest_level, fields, recognition_types)
    after = scope_snapshot(provider)
    changed = [key for key in after if after[key] != before[key]]
    if changed:
        record_event(
            actor=actor,
            action="provider.scope_changed",
            obj=provider,
            provider=provider,
            before={key: before[key] for key in changed},
            after={key: after[key] for key in changed},
        )
    return provider


# --- Suspension -----------------------------------------------------------------------------


@transaction.atomic
def suspend_provider(
    *, actor: User, provider: Provider, reason: str, effective_date: date | None = None
) -> Provider:
    """Take a registered provider off the register for now; its records show a banner."""
    _require_regulator(actor)
    provider = _locked(provider)
    _check_transition(provider, Provider.Status.SUSPENDED)
    reason = _require_reason(reason, _("suspension"))
    _move(
        provider,
        Provider.Status.SUSPENDED,
        actor=actor,
        action="provider.suspended",
        reason=reason,
        effective_date=effective_date,
    )
    notifications.status_notice(provider)
    return provider


@transaction.atomic
def deregister_provider(
    *, actor: User, provider: Provider, reason: str, effective_date: date | None = None
) -> Provider:
    """Remove a provider from the register for good."""
    _require_regulator(actor)
    provider = _locked(provider)
    _check_transition(provider, Provider.Status.DEREGISTERED)
    reason = _require_reason(reason, _("deregistration"))
    _move(
        provider,
        Provider.Status.DEREGISTERED,
        actor=actor,
        action="provider.deregistered",
        reason=reason,
        effective_date=effective_date,
    )
    notifications.status_notice(provider)
    return provider


@transaction.atomic
def reinstate_provider(*, actor: User, provider: Provider, reason: str) -> Provider:
    """Lift a suspension: the provider is registered again."""
    _require_regulator(actor)
    provider = _locked(provider)
    if provider.status != Provider.Status.SUSPENDED:
        raise InvalidTransition(_("Only a suspended provider can be reinstated."))
    reason = _require_reason(reason, _("reinstatement"))
    _move(
        provider,
        Provider.Status.REGISTERED,
        actor=actor,
        action="provider.reinstated",
        reason=reason,
    )
    notifications.status_notice(provider)
    return provider


# --- Security -------------------------------------------------------------------------------


@transaction.atomic
def set_two_factor_requirement(*, actor: User, provider: Provider, required: bool) -> Provider:
    """An institution admin decides whether the provider's admins must use two-factor sign-in."""
    if not is_provider_admin(actor, provider):
        raise NotAllowed(
            _("Only institution admins of %(p)s may change its security settings.")
            % {"p": provider}
        )
    provider = _locked(provider)
    if provider.require_two_factor == required:
        return provider
    provider.require_two_factor = required
    provider.save(update_fields=["require_two_factor", "updated_at"])
    record_event(
        actor=actor,
        action="provider.two_factor_requirement_changed",
        obj=provider,
        provider=provider,
        before={"require_two_factor": not required},
        after={"require_two_factor": required},
    )
    return provider

"""Writes on accounts: people, their roles at providers, API keys and the regulators' group."""

import hashlib
import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from registry.accounts.models import ApiKey, Membership, User
from registry.accounts.selectors import is_provider_admin, is_regulator
from registry.accounts.two_factor import has_two_factor, two_factor_required
from registry.audit.services import record_event
from registry.core import outbox
from registry.core.errors import InvalidTransition, NotAllowed
from registry.providers.models import Provider

REGULATORS_GROUP = "Regulators"
# Apps whose records regulators see in the admin (reference data, providers, people, records,
# sign-in lockouts).
REGULATOR_APPS = ("frameworks", "providers", "accounts", "credentials", "axes")
# What regulators may change there besides reference data: providers' details and people's
# names and addresses (never privileges: see registry.accounts.admin), and lifting a sign-in
# lockout. Everything else changes through the services and their pages.
REGULATOR_ADMIN_CHANGES = ("change_provider", "add_user", "change_user", "delete_accessattempt")


def ensure_regulators_group() -> Group:
    """The group that gives regulator officers their admin permissions for the register."""
    group, _created = Group.objects.get_or_create(name=REGULATORS_GROUP)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label__in=REGULATOR_APPS).filter(
            Q(content_type__app_label="frameworks")
            | Q(codename__startswith="view_")
            | Q(codename__in=REGULATOR_ADMIN_CHANGES)
        )
    )
    return group


@transaction.atomic
def create_regulator(*, username: str, email: str, password: str, **names: str) -> User:
    user = User.objects.create_user(
        username=username, email=email, password=password, is_regulator=True, is_staff=True, **names
    )
    user.groups.add(ensure_regulators_group())
    return user


@transaction.atomic
def add_member(
    *, provider: Provider, username: str, email: str, password: str, role: str, **names: str
) -> User:
    user = User.objects.create_user(username=username, email=email, password=password, **names)
    Membership.objects.create(user=user, provider=provider, role=role)
    return user


# --- Invitations: people who set their own password ------------------------------------------


def unique_username(email: str) -> str:
    """A free username derived from the email address's local part."""
    base = (email.split("@")[0] or "user")[:140]
    username, n = base, 1
    while User.objects.filter(username__iexact=username).exists():
        n += 1
        username = f"{base}{n}"
    return username


@transaction.atomic
def invite_member(*, provider: Provider, email: str, role: str, full_name: str = "") -> User:
    """Make `email` a member of `provider` with `role`. A new person gets an unusable password
    (they choose one through `set_password_email`); an existing person gets the membership."""
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        first_name, _sep, last_name = full_name.strip().partition(" ")
        user = User(
            username=unique_username(email),
            email=email,
            first_name=first_name[:150],
            last_name=last_name[:150],
        )
        user.set_unusable_password()
        user.save()
    Membership.objects.update_or_create(user=user, provider=provider, defaults={"role": role})
    return user


def set_password_link(user: User) -> str:
    """An absolute link to django.contrib.auth's `password_reset_confirm` page for `user`."""

    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.REGISTRY_BASE_URL + path


def set_password_email(
    *, user: User, subject: str, template: str, context: dict[str, Any] | None = None
) -> None:
    """E-mail `user` a link to choose their password (`template` gets `user` and `link`), from
    the outbox of the current transaction: nobody is e-mailed about a rolled-back change."""
    outbox.send_later(
        to=[user.email],
        subject=subject,
        template=template,
        context={**(context or {}), "user": user, "link": set_password_link(user)},
    )


def notice_email(
    *, user: User, subject: str, template: str, context: dict[str, Any] | None = None
) -> None:
    """E-mail `user` a notice (`template` gets `user` and `login_link`), from the outbox of the
    current transaction."""
    outbox.send_later(
        to=[user.email],
        subject=subject,
        template=template,
        context={
            **(context or {}),
            "user": user,
            "login_link": settings.REGISTRY_BASE_URL + reverse("login"),
        },
    )


# --- Members managed by an institution admin (the portal's members page) ---------------------


def _require_provider_admin(actor: User, provider: Provider) -> None:

    if not is_provider_admin(actor, provider):
        raise NotAllowed(
            _("Only institution admins of %(p)s may manage its members.") % {"p": provider}
        )


def _admin_count(provider: Provider) -> int:
    # Lock the provider's admin rows so two admins cannot demote each other at the same time.
    return len(
        Membership.objects.select_for_update()
        .filter(provider=provider, role=Membership.Role.ADMIN)
        .values_list("pk", flat=True)
    )


def _membership_event(
    *,
    actor: User,
    action: str,
    membership: Membership,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    record_event(
        actor=actor,
        action=action,
        obj=membership,
        provider=membership.provider,
        before=before,
        after=after,
    )


@transaction.atomic
def add_provider_member(
    *, actor: User, provider: Provider, email: str, role: str, full_name: str = ""
) -> Membership | None:
    """An institution admin adds a person to their provider, and the person is emailed (on
    commit): a new person a link to choose a password, a person with an account a notice.

    The admin is told the same whoever the address belongs to, so the form does not reveal
    which addresses have accounts. A regulator officer's address makes nobody a member (a
    regulator cannot be one): the officer is told by email, and None is returned."""

    _require_provider_admin(actor, provider)
    email = email.strip()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None and existing.is_regulator:
        notice_email(
            user=existing,
            subject=_("%(p)s tried to add you as a member") % {"p": provider.display_name},
            template="emails/member_refused_regulator.txt",
            context={"provider": provider},
        )
        return None
    if (
        existing is not None
        and Membership.objects.filter(user=existing, provider=provider).exists()
    ):
        raise ValidationError(_("%(email)s is already a member.") % {"email": email})
    user = invite_member(provider=provider, email=email, role=role, full_name=full_name)
    membership = Membership.objects.select_related("provider").get(user=user, provider=provider)
    _membership_event(
        actor=actor,
        action="membership.added",
        membership=membership,
        after={"user": user.email, "role": role},
    )
    subject = _("You have been added to %(p)s in the micro-credential registry") % {
        "p": provider.display_name
    }
    context = {"provider": provider, "role": membership.get_role_display()}
    if user.has_usable_password():
        notice_email(
            user=user, subject=subject, template="emails/member_added_existing.txt", context=context
        )
    else:
        set_password_email(
            user=user, subject=subject, template="emails/member_added.txt", context=context
        )
    return membership


@transaction.atomic
def change_member_role(*, actor: User, membership: Membership, role: str) -> Membership:

    membership = (
        Membership.objects.select_for_update()
        .select_related("provider", "user")
        .get(pk=membership.pk)
    )
    _require_provider_admin(actor, membership.provider)
    if role not in Membership.Role.values:
        raise ValidationError(_("Unknown role."))
    before = membership.role
    if before == role:
        return membership
    if before == Membership.Role.ADMIN and _admin_count(membership.provider) <= 1:
        raise InvalidTransition(
            _("%(p)s must keep at least one institution admin.") % {"p": membership.provider}
        )
    membership.role = role
    membership.save(update_fields=["role"])
    _membership_event(
        actor=actor,
        action="membership.role_changed",
        membership=membership,
        before={"user": membership.user.email, "role": before},
        after={"user": membership.user.email, "role": role},
    )
    return membership


@transaction.atomic
def remove_member(*, actor: User, membership: Membership) -> None:
    """Take a person off a provider; the account stays (their audit trail refers to it). Their
    API keys for that provider are revoked with it."""

    membership = (
        Membership.objects.select_for_update()
        .select_related("provider", "user")
        .get(pk=membership.pk)
    )
    _require_provider_admin(actor, membership.provider)
    if membership.role == Membership.Role.ADMIN and _admin_count(membership.provider) <= 1:
        raise InvalidTransition(
            _("%(p)s must keep at least one institution admin.") % {"p": membership.provider}
        )
    _membership_event(
        actor=actor,
        action="membership.removed",
        membership=membership,
        before={"user": membership.user.email, "role": membership.role},
    )
    keys = ApiKey.objects.select_for_update().filter(
        provider=membership.provider, owner=membership.user, revoked_at__isnull=True
    )
    for key in keys:
        _revoke(key, actor=actor, comment=_("The owner is no longer a member."))
    membership.delete()


# --- API keys (DESIGN.md §4, §7: institution admins for their provider; regulators for themselves)


API_KEY_TAG = "mcr"


def hash_api_key(plaintext: str) -> str:
    """SHA-256 of the whole key; keys carry 32 random bytes, so no slow hash is needed."""

    return hashlib.sha256(plaintext.encode()).hexdigest()


def _new_api_key_material() -> tuple[str, str]:
    """(prefix, plaintext) for a fresh key `mcr_<prefix>_<secret>`; the prefix is unused."""

    while True:
        prefix = secrets.token_hex(4)
        if not ApiKey.objects.filter(prefix=prefix).exists():
            break
    return prefix, f"{API_KEY_TAG}_{prefix}_{secrets.token_urlsafe(32)}"


@transaction.atomic
def create_api_key(
    *, actor: User, provider: Provider | None, name: str, scopes: Iterable[str]
) -> tuple[ApiKey, str]:
    """A new key owned by `actor`: for `provider` (its institution admins only) or, with
    provider=None, a regulator's own key. Returns (key, plaintext); only the hash is stored, so
    the plaintext must be shown to the actor now and never again."""

    if provider is None:
        if not is_regulator(actor):
            raise NotAllowed(_("Only regulator officers may create keys of their own."))
    elif not is_provider_admin(actor, provider):
        raise NotAllowed(
            _("Only institution admins of %(p)s may manage its API keys.") % {"p": provider}
        )
    name = (name or "").strip()
    scopes = sorted(set(scopes))
    if not name:
        raise ValidationError(_("Give the key a name."))
    if not scopes or not set(scopes) <= set(ApiKey.Scope.values):
        raise ValidationError(_("Choose the key's scopes: read, write or both."))
    prefix, plaintext = _new_api_key_material()
    key = ApiKey.objects.create(
        provider=provider,
        owner=actor,
        name=name,
        prefix=prefix,
        hashed_secret=hash_api_key(plaintext),
        scopes=scopes,
    )
    record_event(
        actor=actor,
        action="api_key.created",
        obj=key,
        provider=provider,
        after={"name": name, "prefix": prefix, "scopes": scopes},
    )
    return key, plaintext


@transaction.atomic
def revoke_api_key(*, actor: User, key: ApiKey) -> ApiKey:
    """Revoke `key` for good. Its provider's admins may revoke it, and so may its owner."""

    key = ApiKey.objects.select_for_update(of=("self",)).select_related("provider").get(pk=key.pk)
    if key.provider is None:
        allowed = actor.is_authenticated and key.owner_id == actor.pk
    else:
        allowed = is_provider_admin(actor, key.provider)
    if not allowed:
        raise NotAllowed(_("Only institution admins may revoke this API key."))
    if key.revoked_at is not None:
        raise InvalidTransition(_("The key %(key)s is already revoked.") % {"key": key})
    _revoke(key, actor=actor)
    return key


def _revoke(key: ApiKey, *, actor: User, comment: str = "") -> None:
    revoked_at = timezone.now()
    key.revoked_at = revoked_at
    key.save(update_fields=["revoked_at"])
    record_event(
        actor=actor,
        action="api_key.revoked",
        obj=key,
        provider=key.provider,
        before={"name": key.name, "prefix": key.prefix, "revoked_at": None},
        after={"name": key.name, "prefix": key.prefix, "revoked_at": revoked_at.isoformat()},
        comment=comment,
    )


# --- Two-factor sign-in (registry.accounts.two_factor) ---------------------------------------

RECOVERY_CODE_COUNT = 10
TOTP_CODE_LENGTH = 6


def _recovery_device(user: User) -> StaticDevice:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="recovery codes", defaults={"confirmed": True}
    )
    return device


def _new_recovery_codes(user: User) -> list[str]:
    device = _recovery_device(user)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _n in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def start_two_factor_setup(*, actor: User) -> TOTPDevice:
    """A new, unconfirmed authenticator for `actor` to scan; earlier unconfirmed ones go."""
    TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
    return TOTPDevice.objects.create(user=actor, name="authenticator app", confirmed=False)


def confirm_two_factor(*, actor: User, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the authenticator `device` with a code it shows; it replaces any earlier one.
    Returns the new recovery codes, to be shown once. The code is checked before the
    transaction, so that a wrong one still counts towards django-otp's throttle."""
    device = TOTPDevice.objects.get(pk=device.pk, user=actor, confirmed=False)
    if not device.verify_token(code.strip().replace(" ", "")):
        raise ValidationError(
            {"code": _("That code is not right; enter the code the app shows now.")}
        )
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=actor).exclude(pk=device.pk).delete()
        codes = _new_recovery_codes(actor)
        record_event(actor=actor, action="two_factor.enabled", obj=actor)
    return codes


def verify_second_factor(*, actor: User, code: str) -> Device | None:
    """The device that accepts `code` for `actor`: six digits from the authenticator app, or a
    recovery code (each works once). None if none does. Each device is locked while it checks,
    so a code cannot be used twice at once; failures count towards django-otp's throttle."""
    code = code.strip().replace(" ", "").lower()
    if code.isdigit() and len(code) == TOTP_CODE_LENGTH:
        devices: list[type[Device]] = [TOTPDevice]
    else:
        devices = [StaticDevice]
    for model in devices:
        for pk in model.objects.filter(user=actor, confirmed=True).values_list("pk", flat=True):
            with transaction.atomic():
                device = model.objects.select_for_update().get(pk=pk)
                if not device.verify_token(code):
                    continue
                if isinstance(device, StaticDevice):
                    record_event(
                        actor=actor,
                        action="two_factor.recovery_code_used",
                        obj=actor,
                        after={"remaining": device.token_set.count()},
                    )
                return device
    return None


@transaction.atomic
def regenerate_recovery_codes(*, actor: User) -> list[str]:
    """Ten new recovery codes; the old ones stop working. Shown once."""
    if not has_two_factor(actor):
        raise InvalidTransition(_("Set up two-factor sign-in first."))
    codes = _new_recovery_codes(actor)
    record_event(actor=actor, action="two_factor.recovery_codes_regenerated", obj=actor)
    return codes


@transaction.atomic
def disable_two_factor(*, actor: User) -> None:
    """Turn two-factor sign-in off, unless it is required for `actor`."""
    if two_factor_required(actor):
        raise InvalidTransition(
            _("Two-factor sign-in is required for your account; it cannot be turned off.")
        )
    TOTPDevice.objects.filter(user=actor).delete()
    StaticDevice.objects.filter(user=actor).delete()
    record_event(actor=actor, action="two_factor.disabled", obj=actor)

"""Demonstration data for `make run`, read from `demo/catalogue.yaml` and loaded through the
registry's services, so it obeys the same rules as real data and leaves a real audit trail.

Idempotent: a person is found by username and a provider by country and registration number, and
both are left as they are; a scope is set only on a provider without one, and micro-credentials
only for a provider that has none. So a second `make run` keeps whatever was changed in the
running registry.

The automatic checks of each submission are completed synchronously with `complete_report`; the
queued task then finds them complete and leaves them alone.
"""

from base64 import b32decode
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.utils.text import slugify
from django_otp.plugins.otp_totp.models import TOTPDevice

from credentials import services as credentials
from credentials.checks import complete_report
from credentials.models import CONTENT_FIELDS, MicroCredentialVersion
from demo.awards import seed_awards
from frameworks.models import CreditSystem, FieldOfStudy, Level, QualificationsFramework
from registry.accounts.models import Membership, User
from registry.accounts.services import add_member, create_regulator, ensure_regulators_group
from registry.providers.models import Provider
from registry.providers.services import DETAIL_FIELDS, register_provider, set_scope

DEMO_PASSWORD = "demo-registry-2026"  # noqa: S105 - published demo credentials, DEBUG only
# The demo regulator's authenticator key, published like the password: regulators must give a
# code from an authenticator app after their password (add this key to one, or run
# `oathtool --totp -b <key>`). Base32, as authenticator apps take it.
DEMO_TOTP_SECRET = "MRSW23ZNOJSWO2LTORZHSLJSGAZDMIJB"  # noqa: S105 - published, DEBUG only
CATALOGUE = Path(__file__).resolve().parent / "catalogue.yaml"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    organisation: str


def catalogue() -> dict[str, Any]:
    """The demo register as plain data (see the file's header for what it holds)."""
    with CATALOGUE.open(encoding="utf-8") as file:
        return yaml.safe_load(file)


@transaction.atomic
def seed_demo() -> list[DemoLogin]:
    data = catalogue()
    ensure_regulators_group()
    regulator = _regulator(data["regulator"])
    logins = [DemoLogin(regulator.username, "Regulator", "Qualifications authority")]
    reference_data_loaded = QualificationsFramework.objects.filter(code="MU-NQF").exists()
    for spec in data["providers"]:
        provider = _provider(spec, regulator)
        for member in spec["members"]:
            role = Membership.Role(member["role"])
            logins.append(DemoLogin(member["username"], role.label, provider.display_name))
            _member(provider, spec, username=member["username"], role=role)
        if reference_data_loaded:
            _scope(provider, spec["scope"], regulator)
            _micro_credentials(provider, spec, regulator)
    if reference_data_loaded:
        seed_awards()
    return logins


def _regulator(spec: dict) -> User:
    user = User.objects.filter(username=spec["username"]).first()
    if user is None:
        user = create_regulator(password=DEMO_PASSWORD, **spec)
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(
            user=user,
            name="demo authenticator",
            key=b32decode(DEMO_TOTP_SECRET).hex(),
            confirmed=True,
        )
    return user


def _provider(spec: dict, regulator: User) -> Provider:
    existing = Provider.objects.filter(
        country=spec["country"], registration_number=spec["registration_number"]
    ).first()
    if existing is not None:
        return existing
    details = {name: spec.get(name, "") for name in DETAIL_FIELDS}
    return register_provider(actor=regulator, data=details)


def _member(provider: Provider, spec: dict, *, username: str, role: str) -> None:
    if User.objects.filter(username=username).exists():
        return
    domain = spec["website"].split("//")[1]
    add_member(
        provider=provider,
        username=username,
        email=f"{username}@{domain}",
        password=DEMO_PASSWORD,
        role=role,
    )


def _scope(provider: Provider, scope: dict, regulator: User) -> None:
    if provider.scope_frameworks.exists():
        return
    set_scope(
        actor=regulator,
        provider=provider,
        frameworks=QualificationsFramework.objects.filter(code__in=scope["frameworks"]),
        highest_level=scope["highest_level"],
        fields=FieldOfStudy.objects.filter(code__in=scope["fields"]),
        recognition_types=scope["recognition_types"],
    )


def _author(provider: Provider) -> User | None:
    """The provider's staff member if it has one, else its admin."""
    membership = (
        Membership.objects.filter(provider=provider)
        .select_related("user")
        .order_by("-role", "user__username")  # "staff" sorts after "admin"
        .first()
    )
    return membership.user if membership else None


def _micro_credentials(provider: Provider, spec: dict, regulator: User) -> None:
    author = _author(provider)
    if author is None or provider.micro_credentials.exists():
        return
    for item in spec["micro_credentials"]:
        content = micro_credential_content(
            item, provider, quality_assurance=spec["quality_assurance"]
        )
        _seed_micro_credential(item, content, provider=provider, author=author, regulator=regulator)


def micro_credential_content(
    item: dict, provider: Provider, *, quality_assurance: str
) -> dict[str, Any]:
    """What `credentials.services` takes for one catalogue entry: codes looked up as records."""
    data = {name: item[name] for name in CONTENT_FIELDS if name in item}
    data.update(
        level=Level.objects.get(framework__code="MU-NQF", code=item["level"]),
        credit_system=CreditSystem.objects.get(code=item["credit_system"]),
        field_of_study=FieldOfStudy.objects.get(code=item["field_of_study"]),
        credits=Decimal(item["credits"]),
        quality_assurance=quality_assurance,
        public_url=f"{provider.website}/micro-credentials/{slugify(item['title'])}",
    )
    return data


def _submit(version: MicroCredentialVersion, author: User) -> None:
    report = credentials.submit(actor=author, version=version)
    complete_report(report.pk)


def _publish(version: MicroCredentialVersion, author: User, regulator: User) -> None:
    _submit(version, author)
    credentials.start_review(actor=regulator, version=version)
    credentials.approve(
        actor=regulator,
        version=version,
        comment="Meets the registration criteria; the automatic checks raise no concern.",
    )


def _seed_micro_credential(
    item: dict, content: dict, *, provider: Provider, author: User, regulator: User
) -> None:
    outcome = item["outcome"]
    version = credentials.create_micro_credential(actor=author, provider=provider, data=content)
    if outcome == "draft":
        return
    if outcome in {"submitted", "in_review", "changes_requested", "rejected"}:
        _submit(version, author)
        if outcome == "submitted":
            return
        credentials.start_review(actor=regulator, version=version)
        if outcome == "changes_requested":
            credentials.request_changes(
                actor=regulator, version=version, comment=item["review_comment"]
            )
        elif outcome == "rejected":
            credentials.reject(actor=regulator, version=version, comment=item["review_comment"])
        return
    _publish(version, author, regulator)
    if outcome == "withdrawn":
        credentials.withdraw(actor=author, version=version, reason=item["withdraw_reason"])
    elif outcome == "suspended":
        credentials.suspend(actor=regulator, version=version, reason=item["suspend_reason"])
    elif outcome in {"published_with_draft", "republished"}:
        new = credentials.start_new_version(actor=author, micro_credential=version.micro_credential)
        credentials.update_draft(actor=author, version=new, data=item["new_version"])
        if outcome == "republished":
            _publish(new, author, regulator)

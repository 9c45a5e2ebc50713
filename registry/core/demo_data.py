"""Demonstration data for `make run`: a regulator, three providers and their people, each
provider's accreditation scope, and some twenty micro-credentials in every workflow state.

Idempotent: existing records (found by username or slug) are left as they are, so a second
`make run` keeps whatever was changed in the running registry. A scope is set only on a provider
without one, and micro-credentials only for a provider that has none.

Micro-credentials go through the real services, so their audit trail is real. Their automatic
checks are completed synchronously with `complete_report`; the queued task finds them complete and
leaves them alone.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from credentials import services as credentials
from credentials.verification import complete_report
from frameworks.models import CreditSystem, FieldOfStudy, Level, QualificationsFramework
from registry.accounts.models import Membership, User
from registry.accounts.services import add_member, create_regulator, ensure_regulators_group
from registry.core.demo_catalogue import MICRO_CREDENTIALS, QUALITY_ASSURANCE, SCOPES
from registry.providers.models import Provider
from registry.providers.services import set_scope

DEMO_PASSWORD = "demo-registry-2026"  # noqa: S105 - published demo credentials, DEBUG only


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    organisation: str


PROVIDERS = [
    {
        "slug": "university-of-port-louis",
        "legal_name": "University of Port Louis",
        "provider_type": Provider.Type.PUBLIC_HEI,
        "country": "MU",
        "registration_number": "HEC-PU-001",
        "website": "https://uopl.example.mu",
        "contact_email": "registry@uopl.example.mu",
        "members": [("uopl-admin", Membership.Role.ADMIN), ("uopl-staff", Membership.Role.STAFF)],
    },
    {
        "slug": "ocean-business-college",
        "legal_name": "Ocean Business College Ltd",
        "trading_name": "Ocean Business College",
        "provider_type": Provider.Type.PRIVATE_HEI,
        "country": "MU",
        "registration_number": "HEC-PR-014",
        "website": "https://oceancollege.example.mu",
        "contact_email": "quality@oceancollege.example.mu",
        "members": [("ocean-admin", Membership.Role.ADMIN), ("ocean-staff", Membership.Role.STAFF)],
    },
    {
        "slug": "institute-of-professional-engineers",
        "legal_name": "Institute of Professional Engineers of Mauritius",
        "trading_name": "IPEM",
        "provider_type": Provider.Type.PROFESSIONAL_BODY,
        "country": "MU",
        "registration_number": "PB-007",
        "website": "https://ipem.example.mu",
        "contact_email": "cpd@ipem.example.mu",
        "members": [("ipem-admin", Membership.Role.ADMIN)],
    },
]


@transaction.atomic
def seed_demo() -> list[DemoLogin]:
    ensure_regulators_group()
    logins = [DemoLogin("regulator", "Regulator", "Qualifications authority")]
    providers = {}
    if not User.objects.filter(username="regulator").exists():
        create_regulator(
            username="regulator",
            email="regulator@authority.example.mu",
            password=DEMO_PASSWORD,
            first_name="Reva",
            last_name="Ramdin",
        )
    for spec in PROVIDERS:
        fields = {k: v for k, v in spec.items() if k not in ("slug", "members")}
        provider, _ = Provider.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                **fields,
                "status": Provider.Status.REGISTERED,
                "registered_at": timezone.now(),
            },
        )
        for username, role in spec["members"]:
            logins.append(DemoLogin(username, Membership.Role(role).label, provider.display_name))
            if not User.objects.filter(username=username).exists():
                add_member(
                    provider=provider,
                    username=username,
                    email=f"{username}@{spec['website'].split('//')[1]}",
                    password=DEMO_PASSWORD,
                    role=role,
                )
        providers[spec["slug"]] = provider
    if QualificationsFramework.objects.filter(code="MU-NQF").exists():  # reference data loaded
        regulator = User.objects.get(username="regulator")
        for provider in providers.values():
            _seed_scope(provider, regulator)
            _seed_micro_credentials(provider, regulator)
    return logins


def _seed_scope(provider: Provider, regulator: User) -> None:
    if provider.scope_frameworks.exists():
        return
    scope = SCOPES[provider.slug]
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


def _seed_micro_credentials(provider: Provider, regulator: User) -> None:
    author = _author(provider)
    if author is None or provider.micro_credentials.exists():
        return
    for spec in MICRO_CREDENTIALS:
        if spec["provider"] == provider.slug:
            _seed_micro_credential(spec, provider=provider, author=author, regulator=regulator)


def _content(spec: dict, provider: Provider) -> dict:
    data = {name: spec[name] for name in credentials.CONTENT_FIELDS if name in spec}
    data.update(
        level=Level.objects.get(framework__code="MU-NQF", code=spec["level"]),
        credit_system=CreditSystem.objects.get(code=spec["credit_system"]),
        field_of_study=FieldOfStudy.objects.get(code=spec["field_of_study"]),
        credits=Decimal(spec["credits"]),
        quality_assurance=QUALITY_ASSURANCE[provider.slug],
        public_url=f"{provider.website}/micro-credentials/{slugify(spec['title'])}",
    )
    return data


def _submit(version, author) -> None:
    report = credentials.submit(actor=author, version=version)
    complete_report(report.pk)


def _publish(version, author, regulator) -> None:
    _submit(version, author)
    credentials.start_review(actor=regulator, version=version)
    credentials.approve(
        actor=regulator,
        version=version,
        comment="Meets the registration criteria; the automatic checks raise no concern.",
    )


def _seed_micro_credential(spec: dict, *, provider, author, regulator) -> None:
    outcome = spec["outcome"]
    version = credentials.create_micro_credential(
        actor=author, provider=provider, data=_content(spec, provider)
    )
    if outcome == "draft":
        return
    if outcome in {"submitted", "in_review", "changes_requested", "rejected"}:
        _submit(version, author)
        if outcome == "submitted":
            return
        credentials.start_review(actor=regulator, version=version)
        if outcome == "changes_requested":
            credentials.request_changes(
                actor=regulator, version=version, comment=spec["review_comment"]
            )
        elif outcome == "rejected":
            credentials.reject(actor=regulator, version=version, comment=spec["review_comment"])
        return
    _publish(version, author, regulator)
    if outcome == "withdrawn":
        credentials.withdraw(actor=author, version=version, reason=spec["withdraw_reason"])
    elif outcome == "suspended":
        credentials.suspend(actor=regulator, version=version, reason=spec["suspend_reason"])
    elif outcome in {"published_with_draft", "republished"}:
        new = credentials.start_new_version(actor=author, micro_credential=version.micro_credential)
        credentials.update_draft(actor=author, version=new, data=spec["new_version"])
        if outcome == "republished":
            _publish(new, author, regulator)

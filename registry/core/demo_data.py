"""Demonstration data for `make run`: a regulator, three providers and their people.

Idempotent: existing records (found by username or slug) are left as they are, so a second
`make run` keeps whatever was changed in the running registry.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from registry.accounts.models import Membership, User
from registry.accounts.services import add_member, create_regulator, ensure_regulators_group
from registry.providers.models import Provider

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
    return logins

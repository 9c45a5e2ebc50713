"""Demo awards, issued through the services: for each provider's published micro-credentials a
few learners, one award revoked and, where the micro-credential's awards expire, one expired.

The demo register is seeded in one go, so its micro-credentials are approved "now"; to show
awards of past years (and an expired one) the approval of the demo versions is dated back first,
as if the register had been running for a while. Nothing else is changed behind the services.
"""

from datetime import timedelta

from django.utils import timezone

from credentials.awards import certificates, services
from credentials.awards.models import Award
from credentials.awards.services import AwardInput
from credentials.models import MicroCredentialVersion, Status
from registry.accounts.models import Membership
from registry.providers.models import Provider

LEARNERS = (
    ("Aisha Ramdin", "Distinction"),
    ("Jean-Luc Lefebvre", "Merit"),
    ("Priya Doorgakant", "Pass"),
    ("Kevin Li Kwong Wing", "Pass"),
    ("Marie-Claire Bégué", "Merit"),
)
APPROVED_YEARS_AGO = 4


def seed_awards() -> int:
    """Issue the demo awards (once: a provider that has awards is left alone); how many."""
    issued = 0
    for provider in Provider.objects.registered().order_by("slug"):
        if provider.awards.exists():
            continue
        admin = (
            Membership.objects.filter(provider=provider, role=Membership.Role.ADMIN)
            .select_related("user")
            .first()
        )
        if admin is None:
            continue
        versions = list(
            MicroCredentialVersion.objects.with_related()
            .filter(micro_credential__provider=provider, status=Status.PUBLISHED)
            .order_by("micro_credential__code")
        )
        for version in versions:
            issued += _awards_of(provider, version, admin.user)
    return issued


def _backdate(version: MicroCredentialVersion) -> None:
    approved = timezone.now() - timedelta(days=365 * APPROVED_YEARS_AGO)
    MicroCredentialVersion.objects.filter(pk=version.pk).update(published_at=approved)
    version.published_at = approved


def _awards_of(provider: Provider, version: MicroCredentialVersion, admin) -> int:
    _backdate(version)
    today = timezone.localdate()
    code = version.micro_credential.code
    awards = []
    for n, (name, result) in enumerate(LEARNERS):
        issued_on = today - timedelta(days=30 * n)
        if n == len(LEARNERS) - 1 and version.validity_months:
            # Long enough ago for the micro-credential's validity of awards to have run out.
            issued_on = today - timedelta(days=31 * version.validity_months + 30)
        email_name = name.lower().replace(" ", ".").replace("é", "e")
        award, _created = services.issue_award(
            actor=admin,
            provider=provider,
            data=AwardInput(
                version=version,
                learner_name=name,
                learner_email=f"{email_name}@learners.example.org",
                issued_on=issued_on,
                external_id=f"DEMO-{code}-{n + 1}",
                learner_identifier=f"S{1000 + n}",
                result=result,
            ),
        )
        awards.append(award)
    services.revoke_award(
        actor=admin,
        award=awards[1],
        reason="Issued in error: the learner had not completed the final assessment.",
    )
    return len(awards)


def render_certificates() -> int:
    """Render, in this process, the demo awards' certificates not stored yet (so `make run`'s
    demo has them without waiting for the worker); how many."""
    pending = Award.objects.filter(certificate_name="").order_by("pk").values_list("pk", flat=True)
    return sum(certificates.render_now(award_id) is not None for award_id in list(pending))

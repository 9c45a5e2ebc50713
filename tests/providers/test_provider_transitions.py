"""Provider services allow only the listed moves, only for regulators, and audit each one."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from registry.audit.models import AuditEvent
from registry.core.errors import InvalidTransition, NotAllowed
from registry.providers import services
from registry.providers.models import PROVIDER_TRANSITIONS, Provider
from tests.factories import ProviderFactory

pytestmark = pytest.mark.django_db

S = Provider.Status
MOVES = {
    S.REGISTERED: lambda actor, p: (
        services.approve_application(actor=actor, provider=p)
        if p.status == S.APPLIED
        else services.reinstate_provider(actor=actor, provider=p, reason="Resolved.")
    ),
    S.DECLINED: lambda actor, p: services.decline_application(
        actor=actor, provider=p, reason="Out of mandate."
    ),
    S.SUSPENDED: lambda actor, p: services.suspend_provider(
        actor=actor, provider=p, reason="Audit overdue.", effective_date=date(2025, 3, 1)
    ),
    S.DEREGISTERED: lambda actor, p: services.deregister_provider(
        actor=actor, provider=p, reason="Closed.", effective_date=date(2025, 3, 1)
    ),
}


@pytest.mark.parametrize("current", list(S))
@pytest.mark.parametrize("target", [S.REGISTERED, S.DECLINED, S.SUSPENDED, S.DEREGISTERED])
def test_only_allowed_moves_succeed(regulator, current, target):
    provider = ProviderFactory(status=current, applicant_email="applicant@example.org")
    allowed = target in PROVIDER_TRANSITIONS[current]

    if allowed:
        MOVES[target](regulator, provider)
        provider.refresh_from_db()
        assert provider.status == target
        assert AuditEvent.objects.for_object(provider).filter(after__status=target).exists()
    else:
        with pytest.raises(InvalidTransition):
            MOVES[target](regulator, provider)
        provider.refresh_from_db()
        assert provider.status == current


def test_people_who_are_not_regulators_are_not_allowed(institution_admin, provider):
    with pytest.raises(NotAllowed):
        services.suspend_provider(actor=institution_admin, provider=provider, reason="x")
    with pytest.raises(NotAllowed):
        services.set_scope(
            actor=institution_admin,
            provider=provider,
            frameworks=[],
            highest_level=10,
            fields=[],
            recognition_types=[],
        )
    with pytest.raises(NotAllowed):
        services.register_provider(
            actor=institution_admin,
            data={"legal_name": "X", "provider_type": "employer", "country": "MU"},
        )


def test_suspension_needs_a_reason(regulator, provider):
    with pytest.raises(ValidationError, match="needs a reason"):
        services.suspend_provider(actor=regulator, provider=provider, reason="  ")
    provider.refresh_from_db()
    assert provider.status == S.REGISTERED

"""Taking a person off a provider revokes their API keys for that provider, in the same
transaction and with an audit event; their keys for other providers stay."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from registry.accounts.models import ApiKey, Membership
from registry.accounts.services import create_api_key, remove_member
from registry.audit.models import AuditEvent
from registry.core.errors import InvalidTransition
from tests.factories import MembershipFactory


def test_removing_a_member_revokes_their_keys_for_that_provider(
    provider, other_provider, institution_admin
):
    leaving = MembershipFactory(provider=provider, role=Membership.Role.ADMIN).user
    MembershipFactory(provider=other_provider, user=leaving, role=Membership.Role.ADMIN)
    key, plaintext = create_api_key(actor=leaving, provider=provider, name="ci", scopes=["read"])
    elsewhere, _ = create_api_key(
        actor=leaving, provider=other_provider, name="ci", scopes=["read"]
    )

    remove_member(actor=institution_admin, membership=leaving.memberships.get(provider=provider))

    key.refresh_from_db()
    elsewhere.refresh_from_db()
    assert key.is_revoked
    assert not elsewhere.is_revoked
    event = AuditEvent.objects.get(action="api_key.revoked")
    assert event.object_id == str(key.pk)
    assert event.actor == institution_admin
    assert event.provider == provider
    assert event.comment == "The owner is no longer a member."
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    assert api.get(reverse("audit-event-list")).status_code == 401


def test_a_refused_removal_revokes_nothing(provider, institution_admin):
    key, _ = create_api_key(actor=institution_admin, provider=provider, name="ci", scopes=["read"])

    with pytest.raises(InvalidTransition, match="must keep at least one institution admin"):
        remove_member(actor=institution_admin, membership=institution_admin.memberships.get())

    assert not ApiKey.objects.get(pk=key.pk).is_revoked

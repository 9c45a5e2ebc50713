"""An API key acts only for the provider it was made for, even when its owner is a member of
others too: the other provider's routes answer 404 and its audit trail stays out of sight. A
regulator's own key acts as that regulator."""

import pytest
from rest_framework.test import APIClient

from credentials import services
from registry.accounts.services import create_api_key
from registry.audit.models import AuditEvent
from tests.factories import MembershipFactory, MicroCredentialVersionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_hats(provider, other_provider, institution_admin):
    """One person, institution admin of both providers."""
    MembershipFactory(user=institution_admin, provider=other_provider, role="admin")
    return institution_admin


def key_client(owner, provider, scopes=("read", "write")) -> APIClient:
    _key, plaintext = create_api_key(actor=owner, provider=provider, name="SIS", scopes=scopes)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    return client


def draft_of(provider, author):
    return MicroCredentialVersionFactory(
        micro_credential__provider=provider, micro_credential__created_by=author
    )


def test_a_key_for_provider_a_answers_404_at_provider_b(two_hats, provider, other_provider):
    mine = draft_of(provider, two_hats)
    theirs = draft_of(other_provider, two_hats)
    api = key_client(two_hats, provider)
    b = f"/api/v1/providers/{other_provider.slug}/micro-credentials/"
    b_draft = f"{b}{theirs.micro_credential.code}/"

    assert api.get(f"/api/v1/providers/{provider.slug}/micro-credentials/").status_code == 200
    assert api.get(b).status_code == 404
    assert api.get(b_draft).status_code == 404
    assert (
        api.patch(b_draft, {"title": "Hijacked"}, format="json", HTTP_IF_MATCH="*").status_code
        == 404
    )
    assert api.post(f"{b_draft}submit/", {}, format="json").status_code == 404
    assert api.get(f"{b_draft}verification-reports/").status_code == 404
    assert api.post(f"{b}bulk/", [], format="json").status_code == 404
    assert api.post(b, {"title": "New"}, format="json").status_code == 404
    theirs.refresh_from_db()
    assert theirs.title != "Hijacked"
    assert mine.micro_credential.provider == provider


def test_the_same_person_signed_in_reaches_both(two_hats, provider, other_provider):
    theirs = draft_of(other_provider, two_hats)
    session = APIClient()
    session.force_authenticate(two_hats)

    url = (
        f"/api/v1/providers/{other_provider.slug}/micro-credentials/{theirs.micro_credential.code}/"
    )
    assert session.get(url).status_code == 200


def test_a_key_reads_only_its_providers_audit_trail(two_hats, provider, other_provider):
    draft_of(provider, two_hats)
    theirs = draft_of(other_provider, two_hats)
    services.update_draft(actor=two_hats, version=theirs, data={"title": "Edited at B"})
    assert AuditEvent.objects.filter(provider=other_provider).exists()
    api = key_client(two_hats, provider, scopes=("read",))

    events = api.get("/api/v1/audit-events/").json()["results"]
    assert {event["provider"] for event in events} <= {provider.slug}
    assert api.get(f"/api/v1/audit-events/?provider={other_provider.slug}").json()["results"] == []


def test_a_regulators_own_key_acts_as_the_regulator(regulator, provider, institution_staff):
    version = draft_of(provider, institution_staff)
    services.submit(actor=institution_staff, version=version)
    api = key_client(regulator, None)

    answer = api.post(
        f"/api/v1/review/versions/{version.pk}/approve/", {"comment": "Fine."}, format="json"
    )

    assert answer.status_code == 200
    assert answer.json()["status"] == "published"

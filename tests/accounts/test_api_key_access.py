"""Only a provider's institution admins manage its keys: staff get 403, outsiders 404."""

import pytest
from django.urls import reverse

from registry.accounts.models import ApiKey
from registry.accounts.services import create_api_key, revoke_api_key
from registry.core.errors import NotAllowed
from tests.factories import MembershipFactory


def test_staff_get_403(client, institution_staff, provider, make_key):
    key, _plaintext = make_key()
    client.force_login(institution_staff)
    url = reverse("portal:api_keys", args=[provider.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "Mine", "scopes": ["read"]}).status_code == 403
    revoke = reverse("portal:api_key_revoke", args=[provider.slug, key.pk])
    assert client.post(revoke).status_code == 403
    assert ApiKey.objects.count() == 1
    key.refresh_from_db()
    assert key.revoked_at is None


def test_other_providers_admin_gets_404(client, provider, other_provider, make_key):
    key, _plaintext = make_key()
    outsider = MembershipFactory(provider=other_provider, role="admin").user
    client.force_login(outsider)
    assert client.get(reverse("portal:api_keys", args=[provider.slug])).status_code == 404
    url = reverse("portal:api_keys", args=[provider.slug])
    assert client.post(url, {"name": "x", "scopes": ["read"]}).status_code == 404
    revoke = reverse("portal:api_key_revoke", args=[provider.slug, key.pk])
    assert client.post(revoke).status_code == 404
    # Their own provider's URL with this provider's key id: 404 as well.
    own_revoke = reverse("portal:api_key_revoke", args=[other_provider.slug, key.pk])
    assert client.post(own_revoke).status_code == 404
    key.refresh_from_db()
    assert key.revoked_at is None


def test_admin_revokes_a_key(client, institution_admin, provider, make_key):
    key, _plaintext = make_key()
    client.force_login(institution_admin)
    revoke = reverse("portal:api_key_revoke", args=[provider.slug, key.pk])
    assert client.get(revoke).status_code == 405
    response = client.post(revoke)
    assert response.status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None
    page = client.get(reverse("portal:api_keys", args=[provider.slug])).content.decode()
    assert "Revoked" in page


def test_services_refuse_non_admins(institution_staff, regulator, provider, make_key):
    with pytest.raises(NotAllowed):
        create_api_key(actor=institution_staff, provider=provider, name="x", scopes=["read"])
    with pytest.raises(NotAllowed):
        create_api_key(actor=institution_staff, provider=None, name="x", scopes=["read"])
    with pytest.raises(NotAllowed):
        create_api_key(actor=regulator, provider=provider, name="x", scopes=["read"])
    key, _plaintext = make_key()
    with pytest.raises(NotAllowed):
        revoke_api_key(actor=institution_staff, key=key)


def test_regulator_owns_a_key_of_their_own(client, regulator):
    key, plaintext = create_api_key(actor=regulator, provider=None, name="Stats", scopes=["read"])
    assert key.provider is None and key.owner == regulator
    response = client.get("/api/v1/frameworks/", HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    assert response.status_code == 200
    revoke_api_key(actor=regulator, key=key)
    key.refresh_from_db()
    assert key.revoked_at is not None

"""An institution's system submits with an API key; a read-only key cannot write."""

from rest_framework.test import APIClient

from credentials.models import MicroCredential
from registry.accounts.services import create_api_key
from tests.credentials.api.conftest import payload


def client_with_key(institution_admin, provider, scopes):
    _, plaintext = create_api_key(
        actor=institution_admin, provider=provider, name="Student system", scopes=scopes
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    return client


def test_a_write_key_creates_a_draft(institution_admin, provider):
    client = client_with_key(institution_admin, provider, ["read", "write"])

    response = client.post(
        f"/api/v1/providers/{provider.slug}/micro-credentials/", payload(), format="json"
    )

    assert response.status_code == 201, response.content
    assert MicroCredential.objects.filter(provider=provider).count() == 1


def test_a_read_only_key_cannot_create_a_draft(institution_admin, provider):
    client = client_with_key(institution_admin, provider, ["read"])

    response = client.post(
        f"/api/v1/providers/{provider.slug}/micro-credentials/", payload(), format="json"
    )

    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert not MicroCredential.objects.filter(provider=provider).exists()
    assert client.get(f"/api/v1/providers/{provider.slug}/micro-credentials/").status_code == 200

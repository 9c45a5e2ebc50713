"""A regulator officer creates and revokes keys of their own on /review/api-keys/: the key is
shown once, works on the API, and stops working when revoked. Nobody else reaches the page."""

import pytest
from django.urls import reverse

from registry.accounts.models import ApiKey
from registry.accounts.services import create_api_key
from tests.factories import RegulatorFactory

pytestmark = pytest.mark.django_db


def test_the_review_nav_links_to_the_page(client, regulator):
    client.force_login(regulator)

    page = client.get(reverse("regulator:queue")).content.decode()

    assert f'href="{reverse("regulator:api_keys")}"' in page


def test_a_regulator_creates_a_key_shown_once_that_works(client, regulator):
    client.force_login(regulator)

    response = client.post(
        reverse("regulator:api_keys"), {"name": "Weekly statistics", "scopes": ["read", "write"]}
    )

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    key = ApiKey.objects.get(owner=regulator)
    assert key.provider is None and key.scopes == ["read", "write"]
    page = response.content.decode()
    plaintext = page.split('id="api-key" type="text" value="', 1)[1].split('"', 1)[0]
    assert plaintext.startswith(f"mcr_{key.prefix}_")
    assert (
        client.get("/api/v1/audit-events/", HTTP_AUTHORIZATION=f"Bearer {plaintext}").status_code
        == 200
    )
    listing = client.get(reverse("regulator:api_keys")).content.decode()
    assert "Weekly statistics" in listing and plaintext not in listing


def test_a_key_needs_a_name_and_a_scope(client, regulator):
    client.force_login(regulator)

    response = client.post(reverse("regulator:api_keys"), {"name": "", "scopes": []})

    assert response.status_code == 400
    assert not ApiKey.objects.exists()


def test_a_regulator_revokes_their_key(client, regulator):
    key, plaintext = create_api_key(actor=regulator, provider=None, name="Old", scopes=["read"])
    client.force_login(regulator)

    response = client.post(reverse("regulator:api_key_revoke", args=[key.pk]), follow=True)

    assert "is revoked" in response.content.decode()
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert (
        client.get("/api/v1/audit-events/", HTTP_AUTHORIZATION=f"Bearer {plaintext}").status_code
        == 401
    )


def test_another_regulators_key_answers_404(client, regulator):
    colleague = RegulatorFactory(username="colleague")
    key, _plaintext = create_api_key(actor=colleague, provider=None, name="Theirs", scopes=["read"])
    client.force_login(regulator)

    listing = client.get(reverse("regulator:api_keys")).content.decode()
    response = client.post(reverse("regulator:api_key_revoke", args=[key.pk]))

    assert "Theirs" not in listing
    assert response.status_code == 404
    key.refresh_from_db()
    assert key.revoked_at is None


def test_institution_keys_are_not_listed_or_revocable_here(
    client, regulator, institution_admin, provider
):
    key, _plaintext = create_api_key(
        actor=institution_admin, provider=provider, name="SIS", scopes=["read"]
    )
    client.force_login(regulator)

    assert client.post(reverse("regulator:api_key_revoke", args=[key.pk])).status_code == 404
    key.refresh_from_db()
    assert key.revoked_at is None


def test_revoking_needs_a_post(client, regulator):
    key, _plaintext = create_api_key(actor=regulator, provider=None, name="Old", scopes=["read"])
    client.force_login(regulator)

    assert client.get(reverse("regulator:api_key_revoke", args=[key.pk])).status_code == 405


@pytest.mark.parametrize("who", ["institution_admin", "other_staff"])
def test_other_people_get_404_and_anonymous_visitors_sign_in(client, request, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(reverse("regulator:api_keys")).status_code == 404
    client.logout()
    response = client.get(reverse("regulator:api_keys"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))

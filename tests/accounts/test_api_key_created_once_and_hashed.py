"""A new key is shown once, on the page that created it, and stored only as a hash."""

import hashlib

from django.db import connection
from django.urls import reverse

from registry.accounts.models import ApiKey


def _create(client, provider, name="SIS", scopes=("read", "write")):
    return client.post(
        reverse("portal:api_keys", args=[provider.slug]), {"name": name, "scopes": list(scopes)}
    )


def test_admin_sees_the_key_once(client, institution_admin, provider):
    client.force_login(institution_admin)
    response = _create(client, provider)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    key = ApiKey.objects.get()
    body = response.content.decode()
    plaintext = response.context["plaintext"]
    assert plaintext.startswith(f"mcr_{key.prefix}_")
    assert len(plaintext) > 40
    assert plaintext in body
    assert "only time it is shown" in body
    assert key.provider == provider and key.owner == institution_admin
    assert key.scopes == ["read", "write"]

    listing = client.get(reverse("portal:api_keys", args=[provider.slug]))
    assert listing.status_code == 200
    page = listing.content.decode()
    assert key.prefix in page and "SIS" in page
    assert plaintext not in page


def test_database_holds_only_the_hash(client, institution_admin, provider):
    client.force_login(institution_admin)
    plaintext = _create(client, provider).context["plaintext"]
    key = ApiKey.objects.get()
    assert key.hashed_secret == hashlib.sha256(plaintext.encode()).hexdigest()
    secret = plaintext.split("_", 2)[2]
    with connection.cursor() as cursor:
        cursor.execute("SELECT row_to_json(k)::text FROM accounts_apikey k")
        (row,) = cursor.fetchone()
    assert plaintext not in row and secret not in row


def test_form_needs_a_name_and_a_scope(client, institution_admin, provider):
    client.force_login(institution_admin)
    response = client.post(reverse("portal:api_keys", args=[provider.slug]), {"name": ""})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"name", "scopes"}
    assert not ApiKey.objects.exists()


def test_nav_links_admins_to_the_keys(client, institution_admin, institution_staff, provider):
    url = reverse("portal:api_keys", args=[provider.slug])
    client.force_login(institution_admin)
    assert url in client.get(reverse("portal:dashboard", args=[provider.slug])).content.decode()
    client.force_login(institution_staff)
    assert url not in client.get(reverse("portal:dashboard", args=[provider.slug])).content.decode()

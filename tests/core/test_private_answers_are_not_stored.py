"""Pages and API answers that show non-public data say `Cache-Control: private, no-store`, so that
neither a browser's back button on a shared computer nor a shared cache keeps them; the public
pages stay cacheable."""

import pytest
from rest_framework.test import APIClient

from registry.accounts.services import create_api_key

pytestmark = pytest.mark.django_db

PRIVATE = "private, no-store"


@pytest.mark.parametrize(
    "path",
    [
        "/portal/uopl/",
        "/portal/uopl/api-keys/",
        "/portal/uopl/export.csv",
        "/portal/uopl/audit/",
        "/portal/uopl/members/",
    ],
)
def test_portal_pages_are_private(client, institution_admin, path):
    client.force_login(institution_admin)

    response = client.get(path)

    assert response.status_code == 200
    assert response["Cache-Control"] == PRIVATE


@pytest.mark.parametrize("path", ["/review/", "/review/audit/", "/review/api-keys/", "/admin/"])
def test_regulator_pages_are_private(client, regulator, path):
    client.force_login(regulator)

    response = client.get(path)

    assert response.status_code == 200
    assert response["Cache-Control"] == PRIVATE


def test_the_sign_in_page_and_private_redirects_are_private(client):
    assert client.get("/accounts/login/")["Cache-Control"] == PRIVATE
    assert client.get("/portal/uopl/")["Cache-Control"] == PRIVATE


def test_api_answers_to_a_key_are_private(institution_admin, provider):
    _key, plaintext = create_api_key(
        actor=institution_admin, provider=provider, name="Records", scopes=["read"]
    )
    api = APIClient()

    own = api.get(
        "/api/v1/providers/uopl/micro-credentials/", HTTP_AUTHORIZATION=f"Bearer {plaintext}"
    )
    public = api.get("/api/v1/frameworks/", HTTP_AUTHORIZATION=f"Bearer {plaintext}")

    assert own.status_code == 200
    assert own["Cache-Control"] == PRIVATE
    assert public["Cache-Control"] == PRIVATE


def test_api_answers_to_a_session_are_private(client, institution_staff, provider):
    client.force_login(institution_staff)

    response = client.get("/api/v1/audit-events/")

    assert response.status_code == 200
    assert response["Cache-Control"] == PRIVATE


def test_public_pages_to_a_signed_in_user_are_private(client, institution_staff):
    client.force_login(institution_staff)

    assert client.get("/search/")["Cache-Control"] == PRIVATE


def test_public_pages_to_the_public_are_not_marked_private(client, reference_data):
    for path in ("/search/", "/frameworks/", "/api/v1/frameworks/"):
        response = client.get(path)
        assert response.status_code == 200
        assert "no-store" not in response.get("Cache-Control", "")

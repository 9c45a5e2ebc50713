"""A key authenticates API calls as its owner; revoked, unknown and malformed keys get 401."""

from datetime import timedelta

import pytest
from django.utils import timezone

from registry.accounts.models import ApiKey
from registry.accounts.services import revoke_api_key

URL = "/api/v1/frameworks/"


def _bearer(plaintext):
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def test_valid_key_authenticates_and_records_last_use(client, make_key):
    key, plaintext = make_key()
    assert key.last_used_at is None
    response = client.get(URL, **_bearer(plaintext))
    assert response.status_code == 200
    key.refresh_from_db()
    assert key.last_used_at is not None
    assert timezone.now() - key.last_used_at < timedelta(minutes=1)


def test_x_api_key_header_works_too(client, make_key):
    key, plaintext = make_key()
    assert client.get(URL, HTTP_X_API_KEY=plaintext).status_code == 200
    key.refresh_from_db()
    assert key.last_used_at is not None


def test_last_used_is_written_at_most_once_a_minute(client, make_key):
    key, plaintext = make_key()
    recent = timezone.now() - timedelta(seconds=20)
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=recent)
    client.get(URL, **_bearer(plaintext))
    key.refresh_from_db()
    assert key.last_used_at == recent

    stale = timezone.now() - timedelta(minutes=5)
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=stale)
    client.get(URL, **_bearer(plaintext))
    key.refresh_from_db()
    assert key.last_used_at > stale


def _assert_problem_401(response):
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/problem+json")
    assert response["WWW-Authenticate"].startswith("Bearer")
    body = response.json()
    assert body["status"] == 401
    assert body["type"].startswith("https://")
    assert body["detail"]


def test_revoked_key_is_refused(client, make_key, institution_admin):
    key, plaintext = make_key()
    revoke_api_key(actor=institution_admin, key=key)
    _assert_problem_401(client.get(URL, **_bearer(plaintext)))


@pytest.mark.parametrize(
    "token",
    ["garbage", "mcr_", "mcr_abcdefgh_wrong-secret", "mcr_abc_short-prefix", "Bearer"],
)
def test_garbage_keys_are_refused(client, make_key, token):
    make_key()
    _assert_problem_401(client.get(URL, **_bearer(token)))
    _assert_problem_401(client.get(URL, HTTP_X_API_KEY=token))


def test_right_prefix_wrong_secret_is_refused(client, make_key):
    _key, plaintext = make_key()
    _assert_problem_401(client.get(URL, **_bearer(plaintext + "x")))


def test_no_key_is_still_anonymous(client, db):
    assert client.get(URL).status_code == 200


def test_read_only_key_cannot_write(make_key):
    from rest_framework.response import Response
    from rest_framework.test import APIRequestFactory
    from rest_framework.views import APIView

    from registry.accounts.api_auth import HasKeyScope

    class Echo(APIView):
        permission_classes = [HasKeyScope]

        def get(self, request):
            return Response({"user": request.user.get_username()})

        def post(self, request):
            return Response({"user": request.user.get_username()}, status=201)

    _key, read_only = make_key(scopes=["read"])
    _key, writer = make_key(scopes=["read", "write"], name="Writer")
    factory, view = APIRequestFactory(), Echo.as_view()
    assert view(factory.get("/", **_bearer(read_only))).status_code == 200
    refused = view(factory.post("/", {}, **_bearer(read_only)))
    assert refused.status_code == 403
    assert "write" in refused.data["detail"]
    allowed = view(factory.post("/", {}, **_bearer(writer)))
    assert allowed.status_code == 201 and allowed.data == {"user": "admin"}


def test_schema_documents_the_bearer_scheme():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    scheme = schema["components"]["securitySchemes"]["ApiKeyAuth"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"

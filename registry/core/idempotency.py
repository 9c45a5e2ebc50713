"""`Idempotency-Key` for API requests that create something.

A retried request with the same key and body gets the stored response (status and body) and
creates nothing; the same key with a different body, or on another endpoint, is refused with 422.
The record is written in the same transaction as the create, so a failed create leaves no record.

The transaction first takes an advisory lock on (user, key): a retry sent while the first request
is still running waits for it and then replays its answer, instead of racing it. A record older
than `IDEMPOTENCY_KEY_TTL` seconds no longer counts (the key is new again); the periodic task
`core.purge_idempotency_records` deletes such records.
"""

import functools
import hashlib
import json

from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework.response import Response

from registry.core.api_errors import UnprocessableEntity
from registry.core.api_schema import problem
from registry.core.models import IdempotencyRecord

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255

IDEMPOTENCY_PARAMETER = OpenApiParameter(
    name=HEADER,
    type=str,
    location=OpenApiParameter.HEADER,
    required=False,
    description="A unique key per create; a retry with the same key and body replays the "
    "first response and creates nothing.",
)
IDEMPOTENCY_KEY_REUSED = problem("The Idempotency-Key was used for a different request.")


def _canonical(value):
    """An uploaded file by its name and content, so that another file under the same name is
    another request; anything else JSON cannot encode by its text."""
    if isinstance(value, UploadedFile):
        digest = hashlib.sha256()
        for chunk in value.chunks():
            digest.update(chunk)
        value.seek(0)
        return {"file": value.name, "sha256": digest.hexdigest()}
    return str(value)


def _body_hash(request) -> str:
    data = request.data
    if hasattr(data, "dict"):
        data = data.dict()
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), default=_canonical)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _replay(record, *, method, path, body_hash) -> Response:
    if record.request_hash != body_hash or record.method != method or record.path != path:
        raise UnprocessableEntity(
            _("The %(header)s was already used for a different request; use a new key.")
            % {"header": HEADER}
        )
    response = Response(record.response_body, status=record.response_status)
    response["Idempotent-Replayed"] = "true"
    return response


def _lock(user_id: int, key: str) -> None:
    """Wait for any other transaction holding (user, key); released at this one's end."""
    digest = hashlib.sha256(f"idempotency:{user_id}:{key}".encode()).digest()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest[:8], "big", signed=True)]
        )


def idempotent(view_method):
    """Decorate an APIView handler (`post`/an action) that creates something."""

    @functools.wraps(view_method)
    def wrapper(view, request, *args, **kwargs):
        key = request.headers.get(HEADER, "").strip()
        if not key or not request.user.is_authenticated:
            return view_method(view, request, *args, **kwargs)
        if len(key) > MAX_KEY_LENGTH:
            raise UnprocessableEntity(
                _("The %(header)s is longer than %(limit)d characters.")
                % {"header": HEADER, "limit": MAX_KEY_LENGTH}
            )
        method, path, body_hash = request.method, request.path, _body_hash(request)
        with transaction.atomic():
            _lock(request.user.pk, key)
            existing = IdempotencyRecord.objects.filter(user=request.user, key=key).first()
            if existing is not None:
                if not existing.is_expired():
                    return _replay(existing, method=method, path=path, body_hash=body_hash)
                existing.delete()
            response = view_method(view, request, *args, **kwargs)
            if 200 <= response.status_code < 300:
                IdempotencyRecord.objects.create(
                    key=key,
                    user=request.user,
                    method=method,
                    path=path,
                    request_hash=body_hash,
                    response_status=response.status_code,
                    response_body=json.loads(json.dumps(response.data, default=str)),
                )
        return response

    return wrapper

"""A cache of the public register's API answers: the micro-credential list pages and records,
the registry's most read responses.

An answer is cached with the register's *generation*, a counter in Redis that goes up after
every committed save or delete of something those answers show (micro-credentials and their
versions, providers, frameworks, levels, credit systems, fields of study), so a change is visible
at once; so is a migrated or flushed database. Entries also expire after `TTL` seconds, which
bounds what a write that sends no signal (the reference data sync's bulk updates) can leave stale.

Only answers computed outside a transaction are cached, since what a transaction read may yet be
rolled back. The cache only saves work: when Redis fails, answers come from PostgreSQL.
"""

import functools
import hashlib

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from django.http import HttpResponse
from redis.exceptions import RedisError
from rest_framework.renderers import JSONRenderer

from credentials.models import MicroCredential, MicroCredentialVersion
from frameworks.models import CreditSystem, FieldOfStudy, Level, QualificationsFramework
from registry.core.cache import note_redis_failure, redis_available
from registry.core.cache_client import cache_key, redis_client
from registry.providers.models import Provider

GENERATION_KEY = "api:public-register:generation"
TTL = 300  # seconds


def cached_public_answer(view_method):
    """Decorate a public, read-only API view's `get`: a 200 JSON answer is kept, rendered, per
    absolute URL (host, path and query) with the generation it was computed in. Give the view
    `keys_read_with_throttle = public_cache.keys_to_read` too, and the lookup shares the
    throttle's round trip to Redis."""

    @functools.wraps(view_method)
    def wrapper(view, request, *args, **kwargs):
        keys = keys_to_read(request)
        if not keys or not redis_available():
            return view_method(view, request, *args, **kwargs)
        try:
            # The generation and the entry, `<generation> <content>`.
            found = getattr(request, "read_with_throttle", None) or redis_client().mget(*keys)
        except RedisError as error:
            note_redis_failure("public API cache", error)
            return view_method(view, request, *args, **kwargs)
        generation = found[0] or b"0"
        entry_generation, _space, content = (found[1] or b"").partition(b" ")
        if found[1] and entry_generation == generation:
            return HttpResponse(content, content_type=request.accepted_renderer.media_type)
        response = view_method(view, request, *args, **kwargs)
        if response.status_code == 200:
            content = request.accepted_renderer.render(
                response.data,
                request.accepted_media_type,
                {"request": request, "response": response, "view": view},
            )
            try:
                redis_client().set(keys[1], generation + b" " + content, ex=TTL)
            except RedisError as error:
                note_redis_failure("public API cache", error)
        return response

    return wrapper


def keys_to_read(request) -> list[str]:
    """The generation's key and the answer's, or none where the answer is not to be cached."""
    if connection.in_atomic_block or not isinstance(request.accepted_renderer, JSONRenderer):
        return []
    if not hasattr(request, "public_cache_keys"):
        url = request.build_absolute_uri().encode()
        request.public_cache_keys = [
            cache_key(GENERATION_KEY),
            cache_key(f"api:public:{hashlib.sha256(url).hexdigest()}"),
        ]
    return request.public_cache_keys


def next_generation() -> None:
    """Make every cached answer stale (run after a commit)."""
    try:
        redis_client().incr(cache_key(GENERATION_KEY))
    except RedisError as error:  # cached answers expire by TTL
        note_redis_failure("public API cache generation", error)


def _changed(sender, **kwargs) -> None:
    transaction.on_commit(next_generation)


def connect_signals() -> None:
    """Watch what the public answers show. Called once, from `CredentialsConfig.ready`."""
    watched = (
        MicroCredential,
        MicroCredentialVersion,
        Provider,
        QualificationsFramework,
        Level,
        CreditSystem,
        FieldOfStudy,
    )
    for model in watched:
        uid = f"public-api-cache-{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete")
    # `migrate` and `flush` (which the test suite runs between transactional tests) end with it.
    post_migrate.connect(_changed, dispatch_uid="public-api-cache-migrate")

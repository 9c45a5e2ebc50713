"""The Redis client behind Django's default cache, for the few hot paths that need Redis itself
(an atomic counter, one round trip for several keys).

Django's RedisCache builds a new client object, with its table of some 170 response callbacks,
for every call; on a request that otherwise takes a millisecond that shows. This client is made
once per cache backend (that is, per thread) and shares the backend's connection pool. Keys are
made with the backend's `make_key`, so they carry the cache's KEY_PREFIX like any other.
"""

from django.core.cache import caches


def redis_client():
    backend = caches["default"]
    client = getattr(backend, "_shared_redis_client", None)
    if client is None:
        client = backend._cache.get_client(write=True)
        backend._shared_redis_client = client
    return client


def cache_key(key: str) -> str:
    return caches["default"].make_and_validate_key(key)

"""The cache degrades open: when Redis fails, the registry answers from PostgreSQL.

`ResilientRedisCache` is Django's RedisCache whose operations, when Redis does not answer, log a
warning and act as a cache miss (a read finds nothing, a write keeps nothing). Its connections
have short socket timeouts (settings `CACHES["default"]["OPTIONS"]`), so an unreachable Redis
costs a request a fraction of a second, not a hang.

After a failure the process stops trying Redis for `OUTAGE_SECONDS` (a circuit breaker), so
during an outage requests do not each wait for a connection timeout, and the log gets one warning
per outage window rather than one per request. Code that talks to Redis itself (the API
throttle's counter, the public answer cache) asks `redis_available()` first and reports failures
with `note_redis_failure()`, sharing the same breaker.
"""

import logging
import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

OUTAGE_SECONDS = 5.0
_outage_until = 0.0

Result = TypeVar("Result")


def redis_available() -> bool:
    """False while a recent failure says Redis is down (for `OUTAGE_SECONDS`)."""
    return time.monotonic() >= _outage_until


def note_redis_failure(what: str, error: Exception) -> None:
    """Record that Redis failed; the first failure of an outage window is logged."""
    global _outage_until
    if redis_available():
        logger.warning(
            "Redis is unavailable (%s: %s); the cache and rate limits degrade open for %.0f s.",
            what,
            error,
            OUTAGE_SECONDS,
        )
    _outage_until = time.monotonic() + OUTAGE_SECONDS


def _or_default(default: Any) -> Callable[[Callable[..., Result]], Callable[..., Result]]:
    def decorator(operation: Callable[..., Result]) -> Callable[..., Result]:
        @wraps(operation)
        def guarded(*args: Any, **kwargs: Any) -> Result:
            if not redis_available():
                return default(*args, **kwargs) if callable(default) else default
            try:
                return operation(*args, **kwargs)
            except RedisError as error:
                note_redis_failure(f"cache {operation.__name__}", error)
                return default(*args, **kwargs) if callable(default) else default

        return guarded

    return decorator


def _missing(client: Any, key: Any, default: Any) -> Any:
    return default


def _all_failed(client: Any, data: dict[Any, Any], timeout: Any) -> list[Any]:
    return list(data)


def _no_count(client: Any, key: Any, delta: int) -> int:
    raise ValueError("Redis is unavailable: nothing to increment.")


class ResilientRedisCacheClient(RedisCacheClient):
    add = _or_default(False)(RedisCacheClient.add)
    get = _or_default(_missing)(RedisCacheClient.get)
    set = _or_default(None)(RedisCacheClient.set)
    touch = _or_default(False)(RedisCacheClient.touch)
    delete = _or_default(False)(RedisCacheClient.delete)
    get_many = _or_default({})(RedisCacheClient.get_many)
    has_key = _or_default(False)(RedisCacheClient.has_key)
    incr = _or_default(_no_count)(RedisCacheClient.incr)
    set_many = _or_default(_all_failed)(RedisCacheClient.set_many)
    delete_many = _or_default(None)(RedisCacheClient.delete_many)
    clear = _or_default(False)(RedisCacheClient.clear)


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient

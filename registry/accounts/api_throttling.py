"""Rate limits on the REST API, one bucket per API key.

A request authenticated by a key counts against that key (so two keys of one provider have
separate limits); a session-authenticated request against its user; an anonymous one against
its client address. The rate is `settings.API_KEY_RATE` (env `API_KEY_RATE`, e.g. "600/min"),
kept in the Django cache (Redis). Over the limit: 429 with `Retry-After`.

A bucket is a window that opens with its first request and lasts the rate's period, holding one
counter that Redis increments atomically, in one round trip per request. (DRF's own throttle
keeps every request's time in the window and writes the list back, so each request moves a list
as long as the rate, 600 entries at the default, and concurrent requests can overwrite each
other's count.)
"""

from django.conf import settings
from redis.exceptions import RedisError
from rest_framework.throttling import SimpleRateThrottle

from registry.accounts.models import ApiKey
from registry.core.cache import note_redis_failure, redis_available
from registry.core.cache_client import cache_key, redis_client


class ApiKeyRateThrottle(SimpleRateThrottle):
    scope = "api_key"

    def get_rate(self):
        # DRF caches DEFAULT_THROTTLE_RATES on the class at import; read the settings at request
        # time instead so that a change (or a test's override) takes effect.
        rates = getattr(settings, "REST_FRAMEWORK", {}).get("DEFAULT_THROTTLE_RATES") or {}
        return rates.get(self.scope) or getattr(settings, "API_KEY_RATE", None)

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None or not redis_available():
            return True  # no limit to keep, or Redis down: degrade open
        key = cache_key(self.key)
        # One round trip: open the window if there is none, count this request, read what is
        # left of the window (Redis itself: the Django cache API has no atomic increment), and
        # read whatever keys the view asks for (`keys_read_with_throttle(request)`), which it
        # then finds in `request.read_with_throttle`.
        pipeline = redis_client().pipeline(transaction=False)
        pipeline.set(key, 0, ex=self.duration, nx=True).incr(key).pttl(key)
        keys_for = getattr(view, "keys_read_with_throttle", None)
        keys = keys_for(request) if keys_for else []
        if keys:
            pipeline.mget(*keys)
        try:
            _opened, count, left_ms, *read = pipeline.execute()
        except RedisError as error:
            note_redis_failure("API rate limit", error)
            return True
        if read:
            request.read_with_throttle = read[0]
        if count > self.num_requests:
            self.wait_seconds = max(left_ms / 1000, 1)
            return False
        return True

    def wait(self) -> float:
        return self.wait_seconds

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiKey):
            ident = f"key:{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = f"ip:{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}

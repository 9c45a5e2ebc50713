"""Rate limits on HTML pages (the public search, the application form): per signed-in user, or
per client address (REMOTE_ADDR, settled from trusted proxies only: registry.core.request_context).

    @throttle("search", "SEARCH_RATE")          # the setting holds e.g. "60/min"
    def search_page(request): ...

Over the limit the page answers 429 with a short page and `Retry-After`. Every count goes through
`count_hit`, one Redis command (a script) on a window that opens with its first request.
"""

import math
import re
from functools import wraps

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import render
from redis.exceptions import RedisError

from registry.core.cache import note_redis_failure, redis_available
from registry.core.cache_client import cache_key, redis_client

RATE = re.compile(r"^(\d+)/([smhd])[a-z]*$")
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """("60/min") -> (60 requests, 60 seconds)."""
    match = RATE.match(rate or "")
    if not match:
        raise ImproperlyConfigured(f"{rate!r} is not a rate such as 60/min, 5/hour or 1000/day.")
    return int(match.group(1)), PERIODS[match.group(2)]


# One request counted in a window that its first request opens: (count, milliseconds left).
# A script, so that it is one command and one round trip, atomic.
_COUNT_HIT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
    redis.call('PEXPIRE', KEYS[1], ARGV[1])
    left = tonumber(ARGV[1])
end
return {count, left}
"""


def _count_hit_script():
    client = redis_client()
    script = getattr(client, "_registry_count_hit", None)
    if script is None:
        script = client.register_script(_COUNT_HIT)  # sent by its SHA, loaded when missing
        client._registry_count_hit = script
    return script


def count_hit(key: str, period: int) -> tuple[int, float]:
    """Count one request in the window `key` (opened for `period` seconds by its first request):
    (requests in the window so far, seconds until it closes). With Redis down nothing is counted
    (0, 0): the limit degrades open rather than refusing everyone."""
    if not redis_available():
        return 0, 0.0
    try:
        count, left_ms = _count_hit_script()(keys=[cache_key(key)], args=[period * 1000])
    except RedisError as error:
        note_redis_failure("rate limit", error)
        return 0, 0.0
    return count, max(left_ms, 0) / 1000


def client_ident(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{request.META.get('REMOTE_ADDR', '')}"


def throttle(scope: str, rate_setting: str, *, methods: frozenset[str] | None = None):
    """Limit a view to the rate in `settings.<rate_setting>`, counting only `methods` if given."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if methods is None or request.method in methods:
                limit, period = parse_rate(getattr(settings, rate_setting))
                count, left = count_hit(f"throttle:{scope}:{client_ident(request)}", period)
                if count > limit:
                    return too_many_requests(request, retry_after=max(math.ceil(left), 1))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def too_many_requests(request, *, retry_after: int):
    response = render(request, "errors/429.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    return response

"""Rate limits on the REST API, one bucket per API key.

A request authenticated by a key counts against that key (so two keys of one provider have
separate limits); a session-authenticated request against its user; an anonymous one against
its client address. The rate is `settings.API_KEY_RATE` (env `API_KEY_RATE`, e.g. "600/min"),
kept in the Django cache (Redis). Over the limit: 429 with `Retry-After`.
"""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from registry.accounts.models import ApiKey


class ApiKeyRateThrottle(SimpleRateThrottle):
    scope = "api_key"

    def get_rate(self):
        # DRF caches DEFAULT_THROTTLE_RATES on the class at import; read the settings at request
        # time instead so that a change (or a test's override) takes effect.
        rates = getattr(settings, "REST_FRAMEWORK", {}).get("DEFAULT_THROTTLE_RATES") or {}
        return rates.get(self.scope) or getattr(settings, "API_KEY_RATE", None)

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiKey):
            ident = f"key:{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = f"ip:{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}

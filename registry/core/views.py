"""Probes for load balancers and orchestrators: alive (`/healthz`) and ready (`/readyz`).

Anybody may ask whether the registry is ready (200 or 503); what each check found is shown only
to operators: a request with `Authorization: Bearer <READINESS_TOKEN>` or a signed-in staff user.
"""

import secrets

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from registry.core.health import readiness


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    ready, checks, checked_at = readiness()
    body = {"status": "ready" if ready else "unavailable", "checks": checks}
    if _is_operator(request):
        body["checked_at"] = checked_at
    else:
        del body["checks"]
    return JsonResponse(body, status=200 if ready else 503)


def _is_operator(request) -> bool:
    token = settings.READINESS_TOKEN
    scheme, _, supplied = request.headers.get("Authorization", "").partition(" ")
    if token and scheme.lower() == "bearer" and secrets.compare_digest(supplied, token):
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff)

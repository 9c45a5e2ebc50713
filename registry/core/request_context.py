"""Who is asking, and a request id for every request, so that audit events and logs of one
request can be tied together.

Forwarding headers (`X-Forwarded-For`, `X-Forwarded-Proto`, `X-Request-ID`) are believed only
from the reverse proxies the operator declares with `TRUSTED_PROXY_COUNT`. With 0 (the default:
clients connect to the registry directly) they are ignored: the client is the connection's
address, and anybody could write those headers. With N, each proxy appends the address it was
reached from to `X-Forwarded-For`, so the client is the Nth address from the right; what stands
further left was written by the client and is ignored.
"""

import ipaddress
import uuid
from contextvars import ContextVar

from django.conf import settings

_request_id: ContextVar[str] = ContextVar("request_id", default="")


def current_request_id() -> str:
    return _request_id.get()


def client_address(remote_addr: str, forwarded_for: str, trusted_proxies: int) -> str:
    """The client's address: the connection's, or the one the Nth trusted proxy saw."""
    if trusted_proxies <= 0 or not forwarded_for:
        return remote_addr
    hops = [hop.strip() for hop in forwarded_for.split(",")]
    if len(hops) < trusted_proxies:
        return remote_addr  # fewer hops than proxies: the header is not the proxies' own
    candidate = hops[-trusted_proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote_addr


def request_client_address(request) -> str:
    """The client's address once ForwardedHeadersMiddleware has settled it (for django-axes)."""
    return request.META.get("REMOTE_ADDR", "")


class ForwardedHeadersMiddleware:
    """First of all middleware: settles REMOTE_ADDR to the client's address and drops the
    forwarding headers nobody trusted wrote, so that nothing after it (SecurityMiddleware's
    `is_secure()`, the rate limits, DRF, django-axes) can be misled by them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = request.META
        trusted = settings.TRUSTED_PROXY_COUNT
        meta["REMOTE_ADDR"] = client_address(
            meta.get("REMOTE_ADDR", ""), meta.pop("HTTP_X_FORWARDED_FOR", ""), trusted
        )
        if not trusted:
            meta.pop("HTTP_X_FORWARDED_PROTO", None)
            meta.pop("HTTP_X_REQUEST_ID", None)
        return self.get_response(request)


class RequestIdMiddleware:
    """Takes X-Request-ID from a trusted proxy or makes one; echoes it on the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        supplied = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = supplied[:64] if supplied.isprintable() and supplied else uuid.uuid4().hex
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response

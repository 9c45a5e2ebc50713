"""Request bodies over a route's limit are refused (413) before they are read.

Every route takes at most `settings.REQUEST_MAX_BYTES`; a view that takes uploads names its own
limit with `@limit_request_body(bytes)` (or `max_request_body` on a class-based view). Under
WSGI (gunicorn, runserver) the declared Content-Length is checked before the view, and before
the CSRF check, which would otherwise parse the body: nothing is spooled to disk. A WSGI request
without Content-Length (chunked) has no body for Django at all. Under ASGI the server hands the
body over in pieces without a length it promises, so `limit_asgi_bodies` counts them as they
arrive and stops at the limit.
"""

import json

from django.conf import settings
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from registry.core.api_errors import PROBLEM_BASE, PROBLEM_CONTENT_TYPE, problem_response

API_PREFIX = "/api/"


def limit_request_body(max_bytes: int):
    """A view decorator: requests to this view may carry at most `max_bytes`."""

    def decorator(view):
        view.max_request_body = max_bytes
        return view

    return decorator


def limit_for(view_func) -> int:
    for holder in (view_func, getattr(view_func, "view_class", None)):
        limit = getattr(holder, "max_request_body", None)
        if limit is not None:
            return limit
    return settings.REQUEST_MAX_BYTES


def _limit_for_path(path: str) -> int:
    try:
        return limit_for(resolve(path).func)
    except Resolver404:
        return settings.REQUEST_MAX_BYTES


def _megabytes(limit: int) -> str:
    return f"{limit / (1024 * 1024):.3g}"


def too_large(request, limit: int):
    detail = _("Send at most %(mb)s MB in one request.") % {"mb": _megabytes(limit)}
    if request.path.startswith(API_PREFIX):
        return problem_response(413, _("The request is too large."), detail, "payload_too_large")
    return render(request, "errors/413.html", {"detail": detail}, status=413)


class RequestBodyLimitMiddleware:
    """Place before CsrfViewMiddleware: its process_view reads the POST body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = limit_for(view_func)
        if length > limit:
            return too_large(request, limit)
        return None


def limit_asgi_bodies(app):
    """Wrap the ASGI application: a body over the route's limit, announced or counted as it
    arrives, is answered 413 and not read further."""

    async def application(scope, receive, send):
        if scope["type"] != "http":
            return await app(scope, receive, send)
        limit = _limit_for_path(scope["path"])
        headers = dict(scope.get("headers") or [])
        try:
            announced = int(headers.get(b"content-length", b"0"))
        except ValueError:
            announced = 0
        if announced > limit:
            return await _send_too_large(send, scope["path"], limit)
        received = 0
        refused = False

        async def counting_receive():
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    refused = True
                    return {"type": "http.disconnect"}  # Django stops reading and answers nothing
            return message

        await app(scope, counting_receive, send)
        if refused:
            await _send_too_large(send, scope["path"], limit)

    return application


async def _send_too_large(send, path: str, limit: int) -> None:
    detail = f"Send at most {_megabytes(limit)} MB in one request."
    if path.startswith(API_PREFIX):
        content_type = PROBLEM_CONTENT_TYPE
        body = json.dumps(
            {
                "type": PROBLEM_BASE + "payload-too-large",
                "title": "The request is too large.",
                "status": 413,
                "detail": detail,
            }
        ).encode()
    else:
        content_type, body = "text/plain; charset=utf-8", detail.encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", content_type.encode()),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})

"""When PostgreSQL cannot answer, say so at once: 503 with `Retry-After`, never a hang or a 500.

PostgreSQL restarting or stopped, a connection that broke, or a statement that ran past its
timeout all reach Django as `OperationalError` (or `InterfaceError`). The middleware turns one
raised by a view into a 503: RFC 9457 problem details under `/api/`, a short page elsewhere,
rendered without touching the database (no session, no user). `server_error` does the same for one
raised outside a view (a middleware saving the session), and is the project's `handler500`.
Django reconnects by itself on the next request (`CONN_HEALTH_CHECKS`), so nothing needs a restart.
"""

import logging
import sys
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.defaults import server_error as django_server_error

from registry.core.api_errors import problem_response

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5


def unavailable(request: HttpRequest) -> HttpResponse:
    detail = _("The registry cannot reach its database just now. Try again in a few seconds.")
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = problem_response(503, _("Service unavailable."), detail, "service_unavailable")
    else:
        response = HttpResponse(render_to_string("503.html", {"detail": detail}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_ERRORS):
            logger.warning("Database unavailable for %s: %s", request.path, exception)
            return unavailable(request)
        return None


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """Django's 500 page, or the 503 one when the uncaught error is the database's."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        return unavailable(request)
    return django_server_error(request, template_name)

"""Every web request's SQL is bounded by `WEB_STATEMENT_TIMEOUT` (milliseconds; 0 turns it off).

A query that runs longer is cancelled by PostgreSQL and the request answers 503
(`registry.core.unavailable`), so one slow page cannot hold a connection and a worker for
minutes. The timeout is set on the connection the first time a request uses it (persistent
connections keep it), and only by web requests: Celery tasks and management commands (migrations,
bulk loads) run without it. Code that knows better sets its own with `SET LOCAL` (the search uses
a shorter one).
"""

from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

_in_web_request: ContextVar[bool] = ContextVar("in_web_request", default=False)
APPLIED = "registry_statement_timeout"


def _apply(wrapper: BaseDatabaseWrapper) -> None:
    milliseconds = settings.WEB_STATEMENT_TIMEOUT
    if getattr(wrapper, APPLIED, None) == milliseconds:
        return
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT set_config('statement_timeout', %s, false)", [str(milliseconds)])
    setattr(wrapper, APPLIED, milliseconds)


@receiver(connection_created)
def _new_connection(sender: object, connection: BaseDatabaseWrapper, **kwargs: object) -> None:
    setattr(connection, APPLIED, None)
    if _in_web_request.get() and settings.WEB_STATEMENT_TIMEOUT:
        _apply(connection)


class StatementTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _in_web_request.set(True)
        try:
            if settings.WEB_STATEMENT_TIMEOUT and connection.connection is not None:
                _apply(connection)  # a persistent connection opened before (or by a task)
            return self.get_response(request)
        finally:
            _in_web_request.reset(token)

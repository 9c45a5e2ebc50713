"""The Celery side: render and store a certificate on the `certificates` queue.

The task takes a content provider (the dotted path of a callable `provider(object_id)` returning a
`CertificateContent`, or None when the object is gone) and an object id. Providers must be listed
in settings.CERTIFICATE_CONTENT_PROVIDERS: a message cannot make a worker import anything else.
An optional recorder (same rule, `recorder(object_id, stored_name)`) is called after storing, for
the caller to record that the certificate exists. Safe to run twice: the name is fixed and an
existing file is kept.
"""

from collections.abc import Callable
from typing import Any

from celery import shared_task
from django.conf import settings
from django.utils.module_loading import import_string

from credentials.certificates.storage import store_certificate


class UnknownCallable(Exception):
    """A task message named a callable the settings do not allow."""


def _allowed(path: str) -> Callable[..., Any]:
    if path not in settings.CERTIFICATE_CONTENT_PROVIDERS:
        raise UnknownCallable(f"{path} is not in CERTIFICATE_CONTENT_PROVIDERS")
    return import_string(path)


@shared_task(
    name="certificates.render",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OSError, ConnectionError),
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=5,
    time_limit=180,
    soft_time_limit=150,
)
def render_certificate(
    provider: str, object_id: Any, recorder: str | None = None, replace: bool = False
) -> str | None:
    """Render and store the certificate of `object_id`; its stored name (None when the object
    is gone)."""
    content = _allowed(provider)(object_id)
    if content is None:
        return None
    name = store_certificate(content, replace=replace)
    if recorder:
        _allowed(recorder)(object_id, name)
    return name

"""Absolute URLs of public pages, as search engines and shared links should see them."""

from django.conf import settings


def site_root(request=None) -> str:
    """The registry's public root without a trailing slash: REGISTRY_BASE_URL when set, else the
    scheme and host of `request`."""
    base = getattr(settings, "REGISTRY_BASE_URL", "")
    if base:
        return base.rstrip("/")
    if request is None:
        raise ValueError("REGISTRY_BASE_URL is not set and there is no request to take it from.")
    return request.build_absolute_uri("/").rstrip("/")


def absolute_url(path: str, request=None) -> str:
    """`path` (starting with '/') on the registry's public root."""
    return site_root(request) + path

"""The page shown while sign-in is locked after repeated failures (django-axes calls it)."""

from django.conf import settings
from django.shortcuts import render


def locked_out(request, response, credentials):
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    page = render(
        request,
        "registration/locked_out.html",
        {"minutes": max(seconds // 60, 1)},
        status=429,
    )
    page["Retry-After"] = str(seconds)
    return page

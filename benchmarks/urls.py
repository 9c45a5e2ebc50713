"""The registry's URLs and a bare Django JSON view, served by the same server as the baseline."""

from django.http import JsonResponse
from django.urls import path

from registry.urls import urlpatterns as registry_urlpatterns


def bare_json(request):
    """The least a Django view can do: the same middleware, no database, a small JSON body."""
    return JsonResponse({"status": "ok"})


urlpatterns = [path("bench/bare/", bare_json, name="bench-bare"), *registry_urlpatterns]

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")
django_application = get_asgi_application()

from registry.core.request_limits import limit_asgi_bodies  # noqa: E402 - needs Django set up

application = limit_asgi_bodies(django_application)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CredentialsConfig(AppConfig):
    name = "credentials"
    verbose_name = _("Micro-credentials")

    def ready(self):
        from credentials.api import public_cache

        public_cache.connect_signals()

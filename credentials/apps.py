from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CredentialsConfig(AppConfig):
    name = "credentials"
    verbose_name = _("Micro-credentials")

    def ready(self) -> None:
        from credentials import search
        from credentials.api import public_cache
        from registry.providers.signals import provider_status_changed

        public_cache.connect_signals()
        provider_status_changed.connect(
            search.provider_status_changed, dispatch_uid="credentials.search.provider_status"
        )

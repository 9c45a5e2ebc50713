from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "registry.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # Registers the OpenAPI description of API-key authentication with drf-spectacular.
        from registry.accounts import api_schema  # noqa: F401

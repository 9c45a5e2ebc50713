from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "registry.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        # Registers the OpenAPI description of API-key authentication with drf-spectacular.
        from registry.accounts import api_schema  # noqa: F401

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "credentials.awards"
    label = "awards"
    verbose_name = _("Awards")

    def ready(self) -> None:
        from credentials.awards import keyring
        from registry.providers.signals import provider_status_changed

        provider_status_changed.connect(
            keyring.provider_status_changed, dispatch_uid="awards.keyring.provider_status"
        )

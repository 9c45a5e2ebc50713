from django.core.management.base import BaseCommand

from credentials.awards.services import ensure_signing_keys
from registry.providers.models import Provider


class Command(BaseCommand):
    help = "Give every registered provider without one a signing key (idempotent)."

    def handle(self, *args, **options):
        created = ensure_signing_keys(Provider.objects.registered())
        self.stdout.write(f"{created} signing key(s) created.")

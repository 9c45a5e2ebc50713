from django.core.management.base import BaseCommand, CommandError

from credentials.awards.services import rotate_signing_key
from registry.providers.models import Provider


class Command(BaseCommand):
    help = (
        "Retire a provider's current signing key and create a new one. The retired key stays in "
        "its DID document, so what it signed keeps verifying."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")

    def handle(self, *args, slug, **options):
        provider = Provider.objects.filter(slug=slug).first()
        if provider is None:
            raise CommandError(f"No provider {slug!r}.")
        key = rotate_signing_key(actor=None, provider=provider)
        self.stdout.write(f"{provider.slug}: new signing key #{key.fragment}.")

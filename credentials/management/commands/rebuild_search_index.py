from django.core.management.base import BaseCommand
from django.db import transaction

from credentials.search import listing, suggestions


class Command(BaseCommand):
    help = "Rebuild the public search listings and the suggestion vocabulary from the register."

    def handle(self, *args, **options):
        with transaction.atomic():
            count = listing.rebuild_all()
        words = suggestions.refresh_vocabulary()
        self.stdout.write(self.style.SUCCESS(f"{count} listings and {words} words indexed."))

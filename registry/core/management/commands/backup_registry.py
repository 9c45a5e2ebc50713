"""Back up the registry: a consistent dump of the database plus the media files.

    python manage.py backup_registry [--output DIR]

Run it as the role that owns the tables (DATABASE_URL of the one that runs `migrate`). See
registry.core.backups for what the directory holds.
"""

from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from registry.core.backups import BackupError, Database, backup


class Command(BaseCommand):
    help = "Write a backup (database dump, media files, manifest) into a new directory."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            metavar="DIR",
            help="A new or empty directory (default: backups/registry-<UTC time>).",
        )

    def handle(self, *args, output, **options):
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        destination = Path(output or f"backups/registry-{stamp}").resolve()
        try:
            manifest = backup(
                destination,
                database=Database.from_settings(connection.settings_dict),
                media_root=Path(settings.MEDIA_ROOT),
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        tables = manifest["tables"]
        self.stdout.write(
            f"Backed up {manifest['database']['name']} ({len(tables)} tables, "
            f"{sum(table['rows'] for table in tables.values())} rows) and "
            f"{manifest['media']['files']} media files into {destination}"
        )

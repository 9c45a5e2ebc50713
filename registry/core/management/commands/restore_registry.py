"""Restore a backup made by `backup_registry` into an empty database and MEDIA_ROOT.

    python manage.py restore_registry DIR [--app-role registry_app] [--force]

Run it as the role that will own the tables (the one that runs `migrate`), with the code of the
backup's version. Every table is checked against the backup's checksums afterwards. Grants are not
part of the restore: `--app-role` gives the application's role its privileges again
(`grant_application_role`); without it, run that command before starting web and workers.
"""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from registry.core.backups import BackupError, Database, forget_cached_answers, restore


class Command(BaseCommand):
    help = "Restore a backup directory into an empty database and media directory."

    def add_arguments(self, parser):
        parser.add_argument("source", metavar="DIR", help="A directory made by backup_registry.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Restore over a database with tables (what the backup holds is dropped and "
            "created again) and over media files.",
        )
        parser.add_argument(
            "--app-role",
            metavar="ROLE",
            help="Then grant this role the application's privileges (grant_application_role).",
        )

    def handle(self, *args, source, force, app_role, **options):
        connection.close()  # nothing of this process holds the database while it is replaced
        try:
            manifest = restore(
                Path(source),
                database=Database.from_settings(connection.settings_dict),
                media_root=Path(settings.MEDIA_ROOT),
                force=force,
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        tables = manifest["tables"]
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']}: {len(tables)} tables, "
            f"{sum(table['rows'] for table in tables.values())} rows, every table's checksum "
            f"as backed up; {manifest['media']['files']} media files into {settings.MEDIA_ROOT}."
        )
        if manifest["not_in_backup"]:
            self.stderr.write(
                "These tables are not in the backup and were left as they were: "
                + ", ".join(manifest["not_in_backup"])
            )
        forgotten = forget_cached_answers()
        self.stdout.write(f"Cleared {forgotten} cached entries made before the restore.")
        if app_role:
            call_command("grant_application_role", app_role, stdout=self.stdout)
        else:
            self.stdout.write(
                "Grants are not restored: before starting web and workers, run as this role\n"
                "  python manage.py grant_application_role <application role>"
            )

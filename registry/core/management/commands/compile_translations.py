"""Compile every .po catalogue into its .mo file with Babel.

Django's own `compilemessages` needs GNU gettext's msgfmt, which a fresh machine may not have;
Babel does the same in pure Python, so `make run` and the tests can build the catalogues anywhere.
The .mo files are build output (not committed); each is written to a temporary file and renamed
into place, so a process reading the catalogue never sees a half-written one.
"""

import os
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand

PROJECT_PACKAGES = {"registry", "frameworks", "credentials"}


def catalogue_files() -> list[Path]:
    roots = [Path(path) for path in settings.LOCALE_PATHS]
    roots += [
        Path(config.path) / "locale"
        for config in apps.get_app_configs()
        if config.name.split(".")[0] in PROJECT_PACKAGES
    ]
    return sorted(po for root in roots if root.is_dir() for po in root.glob("*/LC_MESSAGES/*.po"))


class Command(BaseCommand):
    help = "Compile the project's .po translation catalogues into .mo files (no gettext needed)."

    def handle(self, *args, **options):
        for po_path in catalogue_files():
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file)
            descriptor, temporary = tempfile.mkstemp(dir=mo_path.parent, suffix=".mo.tmp")
            try:
                with os.fdopen(descriptor, "wb") as mo_file:
                    write_mo(mo_file, catalog, use_fuzzy=False)
                os.chmod(temporary, 0o644)
                os.replace(temporary, mo_path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
            if options["verbosity"] > 0:
                self.stdout.write(f"Compiled {mo_path.relative_to(settings.BASE_DIR)}")

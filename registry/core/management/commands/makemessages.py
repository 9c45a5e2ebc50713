"""Django's `makemessages` with the registry's defaults (it needs GNU gettext: a developer step).

`manage.py makemessages -l fr` then refreshes `locale/fr/LC_MESSAGES/django.po` from the project's
code and templates only, the same way every time:
- no fuzzy matching: a new string arrives untranslated instead of with a guessed, usually wrong,
  translation of a similar one (the translation tests refuse both, but empty ones are easier to
  find and fill in);
- file names without line numbers, so moving code does not rewrite the whole catalogue;
- strings no longer in the code are dropped rather than kept as obsolete entries;
- tests, benchmarks and build output are not scanned.
"""

from django.core.management.commands import makemessages

NOT_INTERFACE_TEXT = ["tests/*", "benchmarks/*", "staticfiles/*", "build/*", "media/*"]


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]

    def handle(self, *args, **options):
        options["ignore_patterns"] = [*options["ignore_patterns"], *NOT_INTERFACE_TEXT]
        options["add_location"] = options["add_location"] or "file"
        options["no_obsolete"] = True
        super().handle(*args, **options)

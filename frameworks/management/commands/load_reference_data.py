from django.core.management.base import BaseCommand, CommandError

from frameworks.loader import ReferenceDataError, load_reference_data


class Command(BaseCommand):
    help = (
        "Seed frameworks, levels, credit systems, level references, ISCED-F fields, rules and "
        "ESCO skills from CSV files. Safe to run again: it never overwrites a filled field."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory", help="Folder of CSV files (default: frameworks/reference_data)."
        )

    def handle(self, *args, directory=None, **options):
        try:
            report = load_reference_data(directory)
        except ReferenceDataError as error:
            raise CommandError(str(error)) from error
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                "Reference data loaded." if report.changed else "Reference data already up to date."
            )
        )

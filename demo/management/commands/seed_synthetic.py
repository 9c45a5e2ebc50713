from django.core.management.base import BaseCommand, CommandError

from demo import synthetic


class Command(BaseCommand):
    help = (
        "Create N synthetic published micro-credentials (with their search listings) across "
        "providers, levels, fields and skills, for load tests. Needs the reference data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--listings", type=int, required=True, help="How many to create.")
        parser.add_argument("--providers", type=int, default=200, help="Synthetic providers.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (reproducible).")

    def handle(self, *args, listings, providers, seed, **options):
        if listings < 1 or listings > 5_000_000:
            raise CommandError("--listings must be between 1 and 5,000,000.")
        if providers < 1:
            raise CommandError("--providers must be at least 1.")
        try:
            seconds = synthetic.seed(
                listings, seed=seed, providers=providers, progress=self.stdout.write
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"{listings} listings created in {seconds:.1f} s."))

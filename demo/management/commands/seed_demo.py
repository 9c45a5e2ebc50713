from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.awards import render_certificates
from demo.seed import DEMO_PASSWORD, DEMO_TOTP_SECRET, seed_demo


class Command(BaseCommand):
    help = "Load demonstration providers, people and records (development only; idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--print-logins", action="store_true", help="Print URLs and logins.")
        parser.add_argument("--base-url", default=settings.REGISTRY_BASE_URL)
        parser.add_argument("--force", action="store_true", help="Allow with DEBUG off.")

    def handle(self, *args, print_logins, base_url, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo data has published passwords: refusing with DEBUG off.")
        logins = seed_demo()
        render_certificates()  # the demo awards' PDFs, without waiting for a worker
        if not print_logins:
            self.stdout.write(f"Demo data ready ({len(logins)} logins).")
            return
        self.stdout.write(self.style.SUCCESS(f"\nThe registry is running at {base_url}/\n"))
        for label, path in [
            ("Frameworks", "/frameworks/"),
            ("Institution portal", "/portal/"),
            ("Review (regulators)", "/review/"),
            ("Apply to register", "/providers/apply/"),
            ("API", "/api/v1/frameworks/"),
            ("Admin (regulators)", "/admin/"),
            ("Readiness", "/readyz"),
        ]:
            self.stdout.write(f"  {label:<20} {base_url}{path}")
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for login in logins:
            self.stdout.write(f"  {login.username:<14} {login.role:<20} {login.organisation}")
        self.stdout.write(
            "\nRegulators also give a code from an authenticator app after the password: add the "
            f"key {DEMO_TOTP_SECRET}\nto one (TOTP, 6 digits, 30 seconds), or run "
            f"`oathtool --totp -b {DEMO_TOTP_SECRET}`."
        )
        self.stdout.write("")

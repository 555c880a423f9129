"""`samordna demo`: load the fictitious demo förbund and print the demo logins."""

from django.core.management.base import BaseCommand

from samordna.demo.builders import DEMO_PASSWORD, build_demo


class Command(BaseCommand):
    help = "Load the fictitious demo förbund (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        logins = build_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded. Demo logins (password for all: {DEMO_PASSWORD}):"
            )
        )
        for username, role, forbund in logins:
            self.stdout.write(f"  {username:<20} {role:<32} {forbund}")

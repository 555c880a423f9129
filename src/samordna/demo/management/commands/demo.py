"""`samordna demo`: load the fictitious demo förbund and print the demo logins."""

from django.core.management.base import BaseCommand

from samordna.demo.builders import DEMO_PASSWORD, build_demo
from samordna.demo.two_factor import DEMO_KEY_BASE32, demo_code


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
            marker = "*" if demo_code(username) else " "
            self.stdout.write(f"{marker} {username:<20} {role:<32} {forbund}")
        self.stdout.write(
            "* logs in with a two-factor code as well: `samordna demo_code USERNAME` prints it "
            f"(or add the demo key {DEMO_KEY_BASE32} to an authenticator app)."
        )

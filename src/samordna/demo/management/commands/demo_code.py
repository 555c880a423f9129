"""`samordna demo_code USERNAME`: the code a demo user's authenticator app would show now."""

from django.core.management.base import BaseCommand, CommandError

from samordna.demo.two_factor import demo_code


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo user (the demo's key is public)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        code = demo_code(username)
        if code is None:
            raise CommandError(
                f"{username} has no demo authenticator, or has just used two codes: "
                "wait half a minute and ask again."
            )
        self.stdout.write(code)

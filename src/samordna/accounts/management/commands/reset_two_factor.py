"""`samordna reset_two_factor USERNAME`: the operator resets a user's lost second factor."""

import getpass

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from samordna.accounts import two_factor


class Command(BaseCommand):
    help = (
        "Remove a user's authenticator app and recovery codes (audited); the user sets up a new "
        "app at their next login."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called {username!r}.")
        two_factor.reset_second_factor_as_operator(user, operator=getpass.getuser())
        self.stdout.write(f"Two-factor sign-in of {username} was reset.")

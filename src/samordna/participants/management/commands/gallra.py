"""`samordna gallra`: erase the identities whose retention time has passed (safe to run daily)."""

from datetime import date

from django.core.management.base import BaseCommand

from samordna.organisations.models import Forbund
from samordna.participants import services


class Command(BaseCommand):
    help = "Erase identities that are due under each förbund's retention setting."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=date.fromisoformat, default=None, help="Act as if today were YYYY-MM-DD."
        )

    def handle(self, *args, **options):
        today = options["date"] or date.today()
        for forbund in Forbund.objects.order_by("pk"):
            erased = services.erase_due_identities(forbund, today)
            self.stdout.write(f"{forbund.name}: {erased}")

"""`samordna gallra`: erase identities past their retention and import jobs older than a day.

Safe to run daily.
"""

from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from samordna.organisations.models import Forbund
from samordna.participants import importer, services


class Command(BaseCommand):
    help = "Erase identities due under each förbund's retention setting, and old import jobs."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=date.fromisoformat, default=None, help="Act as if today were YYYY-MM-DD."
        )

    def handle(self, *args, **options):
        today = options["date"] or date.today()
        for forbund in Forbund.objects.order_by("pk"):
            erased = services.erase_due_identities(forbund, today)
            self.stdout.write(f"{forbund.name}: {erased}")
        self.stdout.write(f"Import jobs: {importer.delete_old_jobs(timezone.now())}")

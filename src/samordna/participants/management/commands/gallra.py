"""`samordna gallra`: erase identities past their retention and import jobs older than a day.

Safe to run daily; `samordna schedule` queues the same job every night.
"""

from datetime import date

from django.core.management.base import BaseCommand

from samordna.participants.tasks import retain


class Command(BaseCommand):
    help = "Erase identities due under each förbund's retention setting, and old import jobs."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=date.fromisoformat, default=None, help="Act as if today were YYYY-MM-DD."
        )

    def handle(self, *args, **options):
        counts = retain(options["date"] or date.today())
        import_jobs = counts.pop("import_jobs")
        for forbund, erased in counts.items():
            self.stdout.write(f"{forbund}: {erased}")
        self.stdout.write(f"Import jobs: {import_jobs}")

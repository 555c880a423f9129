"""`samordna schedule`: queue the scheduled jobs that are due (run it from a timer)."""

from django.core.management.base import BaseCommand

from samordna.operations.schedule import enqueue_due


class Command(BaseCommand):
    help = (
        "Queue every scheduled job (retention, reminders, pruning) whose time has come since it "
        "was last queued. Run every few minutes by samordna-schedule.timer; the worker "
        "(`samordna db_worker`) runs the jobs."
    )

    def handle(self, *args, **options):
        for name in enqueue_due():
            self.stdout.write(f"queued {name}")

"""The scheduled jobs, and `enqueue_due`, which `samordna schedule` runs from a systemd timer.

django-tasks queues and runs jobs but has no clock. Rather than a scheduler daemon of our own,
a timer runs `samordna schedule` every ten minutes: it queues each job whose daily time has come
since it was last queued, and records that in the database in the same transaction. So a run
that fires twice queues nothing twice, a server that was down at 02:30 catches up at its next
run (systemd's Persistent=true even after a reboot), and several app servers sharing one
database may all run the timer. Jobs act for the day they fell due and are safe to run again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks.base import Task

from samordna.operations import tasks
from samordna.operations.models import ScheduledRun
from samordna.participants.tasks import erase_due_identities
from samordna.reports.tasks import count_national_statistics


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    task: Task  # taking the day (YYYY-MM-DD) it runs for
    at: time  # daily, in settings.TIME_ZONE

    def latest_due(self, now: datetime) -> datetime:
        """The most recent moment at or before `now` when the job fell due."""
        zone = ZoneInfo(settings.TIME_ZONE)
        local = now.astimezone(zone)
        due = datetime.combine(local.date(), self.at, tzinfo=zone)
        return due if due <= local else due - timedelta(days=1)


SCHEDULE = [
    ScheduledJob("retention", erase_due_identities, time(2, 30)),
    ScheduledJob("prune", tasks.prune_old_results, time(3, 0)),
    ScheduledJob("planner_statistics", tasks.refresh_planner_statistics, time(3, 30)),
    ScheduledJob("national_statistics", count_national_statistics, time(4, 0)),
    ScheduledJob("reminders", tasks.send_reminders, time(6, 30)),
]


def _claim(job: ScheduledJob, due: datetime) -> bool:
    """Mark `due` as queued for `job`; False when it already was (by this or another run)."""
    if ScheduledRun.objects.filter(job=job.name, last_due__lt=due).update(last_due=due):
        return True
    if ScheduledRun.objects.filter(job=job.name).exists():
        return False
    try:
        with transaction.atomic():
            ScheduledRun.objects.create(job=job.name, last_due=due)
    except IntegrityError:
        return False
    return True


def enqueue_due(now: datetime | None = None) -> list[str]:
    """Queue every job that fell due since it was last queued; return their names."""
    now = now or timezone.now()
    queued = []
    for job in SCHEDULE:
        due = job.latest_due(now)
        with transaction.atomic():
            if _claim(job, due):
                job.task.enqueue(due.date().isoformat())
                queued.append(job.name)
    return queued

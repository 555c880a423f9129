"""The jobs operations runs itself: reminders by e-mail, and pruning what jobs leave behind."""

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from samordna.accounts import throttle
from samordna.core import planner
from samordna.core.reminders import REMINDER_KINDS, Reminder
from samordna.operations.models import ReminderSent, ReportFileJob

KEEP_JOB_RESULTS = timedelta(days=30)
KEEP_SENT_REMINDERS = timedelta(days=400)  # longer than any yearly deadline's horizon
KEEP_REPORT_FILES = timedelta(days=1)  # a file prepared in the background, for its download


def _unsent(today: date) -> list[tuple[str, Reminder]]:
    candidates = [(kind, r) for kind, collect in REMINDER_KINDS.items() for r in collect(today)]
    sent = set(
        ReminderSent.objects.filter(
            kind__in={kind for kind, _r in candidates},
            recipient__in={r.recipient for _kind, r in candidates},
        ).values_list("kind", "key", "recipient_id")
    )
    return [(k, r) for k, r in candidates if (k, r.key, r.recipient.pk) not in sent]


def _mail(recipient, reminders: list[Reminder]) -> None:
    body = render_to_string(
        "operations/reminder_email.txt",
        {"reminders": reminders, "base_url": settings.SAMORDNA_BASE_URL.rstrip("/")},
    )
    subject = _("Samordna: %(count)s reminders") % {"count": len(reminders)}
    send_mail(subject, body, None, [recipient.email])


@task()
def send_reminders(day: str) -> dict[str, int]:
    """Mail each user one message with every reminder due `day` that was not sent before."""
    by_recipient: dict[Any, list[tuple[str, Reminder]]] = defaultdict(list)
    with translation.override(settings.LANGUAGE_CODE):
        for kind, reminder in _unsent(date.fromisoformat(day)):
            if reminder.recipient.email:
                by_recipient[reminder.recipient].append((kind, reminder))
        for recipient, items in by_recipient.items():
            _mail(recipient, [reminder for _kind, reminder in items])
            ReminderSent.objects.bulk_create(
                [
                    ReminderSent(forbund=r.forbund, kind=kind, key=r.key, recipient=recipient)
                    for kind, r in items
                ],
                ignore_conflicts=True,
            )
    return {"messages": len(by_recipient), "reminders": sum(map(len, by_recipient.values()))}


@task()
def prune_old_results(day: str) -> dict[str, int]:
    """Forget finished jobs after a month, sent reminders after a year and a month, report
    files prepared in the background after a day or two, and login failures after a day."""
    today = date.fromisoformat(day)
    jobs, _by_model = (
        DBTaskResult.objects.finished()
        .filter(finished_at__date__lt=today - KEEP_JOB_RESULTS)
        .delete()
    )
    reminders, _by_model = ReminderSent.objects.filter(
        sent_at__date__lt=today - KEEP_SENT_REMINDERS
    ).delete()
    report_files, _by_model = ReportFileJob.objects.filter(
        created_at__date__lt=today - KEEP_REPORT_FILES
    ).delete()
    return {
        "job_results": jobs,
        "reminders": reminders,
        "report_files": report_files,
        "login_throttles": throttle.forget_old(timezone.now()),
    }


@task()
def refresh_planner_statistics(day: str) -> dict[str, bool]:
    """SQLite's query planner statistics gathered again as the register grows (PostgreSQL's
    autovacuum does its own)."""
    return {"refreshed": planner.refresh_statistics()}

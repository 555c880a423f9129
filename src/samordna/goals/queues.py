"""The goals' work queue: 12-month follow-ups after the end coming due or overdue."""

from django.urls import reverse
from django.utils.translation import gettext as _

from samordna.core import permissions
from samordna.core.queues import MAX_ENTRIES, QueueEntry, QueueItem, queue_provider
from samordna.goals.follow_ups import due_follow_ups
from samordna.participants.models import Enrolment


@queue_provider
def follow_ups_due(user, forbund, today):
    if not permissions.can(user, "followup.change", forbund):
        return []
    due = due_follow_ups(Enrolment.objects.visible_to(user).in_forbund(forbund), today)
    entries = [
        QueueEntry(
            _("%(code)s: 12-month follow-up, due %(date)s")
            % {"code": item.enrolment.participant.code, "date": item.due.isoformat()},
            reverse("goals:follow_up", args=[item.enrolment.pk]),
            overdue=item.overdue(today),
        )
        for item in due[:MAX_ENTRIES]
    ]
    overdue = sum(item.overdue(today) for item in due)
    return [
        QueueItem(
            _("Follow-ups after the end"),
            len(due),
            reverse("goals:follow_ups_due"),
            entries,
            overdue,
        )
    ]

"""Reminders for the förbund's administrators and analysts: deadlines within two weeks.

reports.deadlines knows them: interim and annual reports, statistics, claims per agreement and
the yearly survey round.
"""

import hashlib
from datetime import date

from django.urls import reverse

from samordna.accounts.models import Membership
from samordna.core.permissions import Role
from samordna.core.reminders import Reminder, reminder_kind
from samordna.organisations.models import Forbund
from samordna.reports.deadlines import upcoming_deadlines

DAYS_AHEAD = 14


@reminder_kind("deadlines")
def deadlines_due(today: date):
    for forbund in Forbund.objects.order_by("pk"):
        deadlines = upcoming_deadlines(forbund, today, days=DAYS_AHEAD)
        if not deadlines:
            continue
        readers = Membership.objects.filter(
            forbund=forbund, role__in=[Role.ADMIN, Role.ANALYST], user__is_active=True
        ).select_related("user")
        recipients = {membership.user for membership in readers}
        for deadline in deadlines:
            title = hashlib.sha256(deadline.title.encode()).hexdigest()[:16]
            for user in recipients:
                yield Reminder(
                    forbund=forbund,
                    recipient=user,
                    key=f"{deadline.kind}:{deadline.due}:{title}",
                    text=f"{deadline.due.isoformat()}: {deadline.title}",
                    path=reverse("home"),
                )

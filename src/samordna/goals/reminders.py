"""Reminders for intervention staff: a 12-month follow-up after the end coming due, and once
more when it is overdue. The responsible staff member gets it, or the whole team when the
enrolment has none. As every reminder, it names no participant, not even the person code: the
link leads to the follow-up's page, where the staff member sees whose it is."""

from datetime import date

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from samordna.accounts.models import Membership
from samordna.core.permissions import Role
from samordna.core.reminders import Reminder, reminder_kind
from samordna.goals.follow_ups import FOLLOW_UP_MONTHS, due_follow_ups
from samordna.participants.models import Enrolment


@reminder_kind("follow_ups")
def follow_ups_due(today: date):
    staff = Membership.objects.filter(role=Role.STAFF, user__is_active=True)
    for membership in staff.select_related("user", "forbund"):
        user, forbund = membership.user, membership.forbund
        enrolments = (
            Enrolment.objects.visible_to(user)
            .in_forbund(forbund)
            .filter(Q(responsible__isnull=True) | Q(responsible=membership))
        )
        for item in due_follow_ups(enrolments, today):
            yield _reminder(membership, item, today)


def _reminder(membership, item, today: date) -> Reminder:
    overdue = item.overdue(today)
    values = {"intervention": item.enrolment.intervention.name, "due": item.due.isoformat()}
    if overdue:
        text = _("A 12-month follow-up in %(intervention)s is overdue since %(due)s")
    else:
        text = _("A 12-month follow-up in %(intervention)s, due %(due)s")
    return Reminder(
        forbund=membership.forbund,
        recipient=membership.user,
        key=f"{item.enrolment.pk}:{FOLLOW_UP_MONTHS}:{'overdue' if overdue else 'due'}",
        text=text % values,
        path=reverse("goals:follow_up", args=[item.enrolment.pk]),
    )

"""Reminders for intervention staff: assessments due within a week, or overdue."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from samordna.accounts.models import Membership
from samordna.core.permissions import Role
from samordna.core.reminders import Reminder, reminder_kind
from samordna.measurements import services
from samordna.measurements.models import Assessment
from samordna.participants.models import Enrolment

DAYS_AHEAD = 7


@reminder_kind("measurements")
def assessments_due(today: date):
    staff = Membership.objects.filter(role=Role.STAFF, user__is_active=True)
    for membership in staff.select_related("user", "forbund"):
        user, forbund = membership.user, membership.forbund
        enrolments = Enrolment.objects.visible_to(user).in_forbund(forbund).ongoing()
        assessments = Assessment.objects.visible_to(user)
        due = services.due_assessments(
            user,
            enrolments.select_related("intervention"),
            assessments,
            today,
            within_days=DAYS_AHEAD,
        )
        for item in due:
            yield Reminder(
                forbund=forbund,
                recipient=user,
                key=f"{item.enrolment.pk}:{item.instrument.pk}:{item.due}",
                text=_("%(instrument)s (%(occasion)s) in %(intervention)s, due %(due)s")
                % {
                    "instrument": item.instrument.name,
                    "occasion": item.occasion_label,
                    "intervention": item.enrolment.intervention.name,
                    "due": item.due.isoformat(),
                },
                path=reverse("measurements:due"),
            )

"""Which 12-month follow-ups after the end are coming due or overdue, for the queue and the
reminders: ended enrolments (not registered by mistake, the person still being processed)
whose follow-up is not recorded."""

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from samordna.participants.models import Enrolment

FOLLOW_UP_MONTHS = 12
# Shown and reminded of this long before the follow-up falls due.
DAYS_AHEAD = 14
# A follow-up not made this long after it fell due is missed: it leaves the queue.
MISSED_AFTER = timedelta(days=90)


@dataclass(frozen=True)
class DueFollowUp:
    enrolment: Enrolment
    due: date

    def overdue(self, today: date) -> bool:
        return self.due < today


def due_on(end_date: date) -> date:
    return end_date + relativedelta(months=FOLLOW_UP_MONTHS)


def due_follow_ups(enrolments, today: date) -> list[DueFollowUp]:
    """Of `enrolments` (already scoped), those whose 12-month follow-up falls due within
    DAYS_AHEAD or fell due less than MISSED_AFTER ago and is not recorded, earliest first."""
    window = today - MISSED_AFTER, today + timedelta(days=DAYS_AHEAD)
    ended = (
        enrolments.ended()
        .in_statistics()
        .filter(
            end_date__range=[day - relativedelta(months=FOLLOW_UP_MONTHS) for day in window],
            participant__processing_ended_on__isnull=True,
        )
        .exclude(follow_ups__months_after=FOLLOW_UP_MONTHS)
        .select_related("participant", "intervention")
        .order_by("end_date", "pk")
    )
    due = [DueFollowUp(enrolment, due_on(enrolment.end_date)) for enrolment in ended]
    return [item for item in due if window[0] <= item.due <= window[1]]

"""When an agreement's reporting duties fall due: one occurrence per period of the duty's
rhythm inside the agreement's period, due a number of days after the period ends, done once its
report is recorded as sent. Duties "as it happens" have no dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from samordna.core.periods import Period, PeriodKind
from samordna.funding.models import LONGEST_DUE_DAYS, DutyKind, DutyRhythm, ReportingDuty

PERIOD_OF_RHYTHM: dict[str, PeriodKind] = {
    DutyRhythm.MONTHLY: PeriodKind.MONTH,
    DutyRhythm.QUARTERLY: PeriodKind.QUARTER,
    DutyRhythm.TERTIAL: PeriodKind.TERTIAL,
    DutyRhythm.HALF_YEAR: PeriodKind.HALF_YEAR,
    DutyRhythm.YEARLY: PeriodKind.YEAR,
}

# The duties the field's agreements name most often (referrals monthly, progression and the
# violence forms per tertial, an activity report per half and full year, changes as they happen),
# preset on every new agreement and editable there. (kind, rhythm, days after the period)
COMMON_DUTIES = [
    (DutyKind.REFERRALS, DutyRhythm.MONTHLY, 10),
    (DutyKind.PROGRESSION, DutyRhythm.TERTIAL, 10),
    (DutyKind.VIOLENCE, DutyRhythm.TERTIAL, 10),
    (DutyKind.ACTIVITY_REPORT, DutyRhythm.HALF_YEAR, 10),
    (DutyKind.ACTIVITY_REPORT, DutyRhythm.YEARLY, 41),
    (DutyKind.CHANGES, DutyRhythm.AS_IT_HAPPENS, 0),
]


@dataclass(frozen=True)
class Occurrence:
    duty: ReportingDuty
    period_start: date
    period_end: date
    due: date
    sent_on: date | None

    @property
    def label(self) -> str:
        return f"{self.period_start.isoformat()}–{self.period_end.isoformat()}"

    def overdue(self, today: date) -> bool:
        return self.sent_on is None and self.due < today


def occurrences(duty: ReportingDuty, first: date, last: date) -> list[Occurrence]:
    """The duty's occurrences due between `first` and `last`, with what was recorded as sent.

    Reads `duty.agreement` and `duty.fulfilments.all()`: prefetch them for many duties."""
    kind = PERIOD_OF_RHYTHM.get(duty.rhythm)
    if kind is None:
        return []
    agreement = duty.agreement
    sent = {f.period_end: f.sent_on for f in duty.fulfilments.all()} if duty.pk else {}
    found = []
    period = Period.containing(agreement.period_start, kind)
    while period.start <= agreement.period_end:
        start = max(period.start, agreement.period_start)
        end = min(period.end, agreement.period_end)
        due = end + timedelta(days=duty.due_days)
        if first <= due <= last:
            found.append(Occurrence(duty, start, end, due, sent.get(end)))
        if due > last:
            break
        period = period.next()
    return found


def duties_in_force(forbund, first: date, last: date):
    """Every duty that may fall due between `first` and `last`, ready for occurrences(): of an
    agreement that runs then, or ended no longer before `first` than a report may be due."""
    ended_since = first - timedelta(days=LONGEST_DUE_DAYS)
    return (
        ReportingDuty.objects.in_forbund(forbund)
        .filter(agreement__period_start__lte=last, agreement__period_end__gte=ended_since)
        .select_related("agreement__intervention", "responsible")
        .prefetch_related("fulfilments")
    )


def due_between(forbund, first: date, last: date) -> list[Occurrence]:
    return sorted(
        (
            o
            for duty in duties_in_force(forbund, first, last)
            for o in occurrences(duty, first, last)
        ),
        key=lambda o: (o.due, o.duty.pk),
    )

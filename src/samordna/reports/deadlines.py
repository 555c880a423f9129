"""What is due when, per förbund: interim and annual reports, statistics, claims under the
agreements' payment frequency, and the yearly participant survey round. Derived from rules and
the förbund's report settings, never typed in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _

from samordna.core.periods import Period, PeriodKind
from samordna.funding.models import Agreement, PaymentFrequency
from samordna.reports.models import InterimRhythm
from samordna.reports.services import settings_for

HORIZON_DAYS = 120
MONTHS_PER_CLAIM = {
    PaymentFrequency.MONTHLY: 1,
    PaymentFrequency.BIMONTHLY: 2,
    PaymentFrequency.QUARTERLY: 3,
    PaymentFrequency.TERTIAL: 4,
}


@dataclass(frozen=True, order=True)
class Deadline:
    due: date
    title: str
    kind: str


def _interim_periods(rhythm: str, year: int) -> list[tuple[date, str]]:
    """The ends of the interim periods of a year, with their names."""
    if rhythm == InterimRhythm.TERTIAL:
        tertials = [Period(year, PeriodKind.TERTIAL, n) for n in (1, 2)]
        return [(t.end, t.label()) for t in tertials]
    if rhythm == InterimRhythm.HALF_YEAR:
        half = Period(year, PeriodKind.HALF_YEAR, 1)
        return [(half.end, half.label())]
    return [(date(year, 8, 31), _("January–August %(year)s") % {"year": year})]


def _report_deadlines(forbund, year: int) -> list[Deadline]:
    settings = settings_for(forbund)
    deadlines = [
        Deadline(
            end + timedelta(days=settings.interim_due_days),
            _("Interim report and statistics, %(period)s") % {"period": label},
            "interim",
        )
        for end, label in _interim_periods(settings.interim_rhythm, year)
    ]
    previous = year - 1
    deadlines += [
        Deadline(
            date(year, settings.annual_statistics_due_month, settings.annual_statistics_due_day),
            _("Statistics for %(year)s") % {"year": previous},
            "statistics",
        ),
        Deadline(date(year, 3, 31), _("Annual report for %(year)s") % {"year": previous}, "annual"),
        Deadline(
            date(year, 9, 1),
            _("The yearly survey round for ongoing participants opens"),
            "survey",
        ),
        Deadline(
            date(year, 10, 31),
            _("The yearly survey round for ongoing participants closes"),
            "survey",
        ),
    ]
    return deadlines


def _claim_deadlines(forbund, first: date, last: date) -> list[Deadline]:
    """A claim falls due at the end of each payment period of an agreement in force."""
    agreements = (
        Agreement.objects.in_forbund(forbund)
        .filter(period_start__lte=last, period_end__gte=first)
        .select_related("intervention")
    )
    deadlines = []
    for agreement in agreements:
        step = relativedelta(months=MONTHS_PER_CLAIM.get(agreement.payment_frequency, 1))
        period_start = agreement.period_start
        while period_start <= min(last, agreement.period_end):
            period_end = min(period_start + step - timedelta(days=1), agreement.period_end)
            if first <= period_end <= last:
                title = _("Claim for %(intervention)s, %(start)s–%(end)s") % {
                    "intervention": agreement.intervention.name,
                    "start": period_start.isoformat(),
                    "end": period_end.isoformat(),
                }
                deadlines.append(Deadline(period_end, title, "claim"))
            period_start += step
    return deadlines


def upcoming_deadlines(
    forbund, today: date | None = None, days: int = HORIZON_DAYS
) -> list[Deadline]:
    """What falls due from `today` and the next `days` days, soonest first."""
    today = today or date.today()
    last = today + timedelta(days=days)
    candidates = []
    for year in range(today.year, last.year + 1):
        candidates += _report_deadlines(forbund, year)
    candidates += _claim_deadlines(forbund, today, last)
    return sorted(d for d in candidates if today <= d.due <= last)

"""What is due when, per förbund: interim and annual reports, statistics, claims under the
agreements' payment frequency, the agreements' reporting duties, the yearly participant survey
round, and agreements running out under a running intervention. Derived from rules, agreements
and the förbund's report settings, never typed in; what is overdue is flagged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from samordna.core.periods import Period, PeriodKind
from samordna.funding import duties
from samordna.funding.models import Agreement, PaymentFrequency
from samordna.interventions.models import Intervention, InterventionStatus
from samordna.reports.models import InterimRhythm
from samordna.reports.national import due_date, person_name, registrations
from samordna.reports.services import settings_for

HORIZON_DAYS = 120
# Overdue reports are shown for a year; older ones are history, not a to-do.
OVERDUE_LOOK_BACK_DAYS = 365
# A running intervention's agreement is flagged this many days before it runs out.
AGREEMENT_WARNING_DAYS = 90
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
    overdue: bool = False


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


def _duty_deadlines(forbund, today: date, last: date) -> list[Deadline]:
    """The agreements' reporting duties: each period's report, overdue while not recorded sent."""
    first = today - timedelta(days=OVERDUE_LOOK_BACK_DAYS)
    deadlines = []
    for occurrence in duties.due_between(forbund, first, last):
        if occurrence.sent_on and occurrence.due < today:
            continue
        title = _("%(duty)s for %(intervention)s, %(period)s (%(party)s)") % {
            "duty": occurrence.duty,
            "intervention": occurrence.duty.agreement.intervention.name,
            "period": occurrence.label,
            "party": occurrence.duty.responsible.name,
        }
        deadlines.append(Deadline(occurrence.due, title, "duty", occurrence.overdue(today)))
    return deadlines


def _agreement_warnings(forbund, today: date) -> list[Deadline]:
    """A running intervention needs an agreement in force: flag one that has run out, and one
    that runs out within AGREEMENT_WARNING_DAYS."""
    running = Intervention.objects.in_forbund(forbund).filter(
        status__in=[InterventionStatus.AGREEMENT_SIGNED, InterventionStatus.RUNNING]
    )
    warnings = []
    last_signed_end = (
        Agreement.objects.filter(intervention=OuterRef("pk"))
        .signed()
        .order_by("-period_end")
        .values("period_end")[:1]
    )
    for intervention in running.annotate(last_end=Subquery(last_signed_end)):
        last_end = intervention.last_end
        names = {"intervention": intervention.name, "end": last_end.isoformat() if last_end else ""}
        if last_end is None or last_end < today:
            title = (
                _("%(intervention)s runs without an agreement in force (the last ended %(end)s)")
                if last_end
                else _("%(intervention)s runs without a signed agreement")
            )
            warnings.append(Deadline(today, title % names, "agreement", overdue=True))
        elif last_end <= today + timedelta(days=AGREEMENT_WARNING_DAYS):
            title = _("The agreement for %(intervention)s runs out on %(end)s") % names
            warnings.append(Deadline(last_end, title, "agreement"))
    return warnings


def _national_registrations(forbund, today: date) -> list[Deadline]:
    """Last year's figures for Uppföljning Finsam, per intervention, until recorded as entered."""
    year = today.year - 1
    due = due_date(forbund, year)
    deadlines = []
    for registration in registrations(forbund, year):
        if registration.entered_on:
            continue
        title = _("Uppföljning Finsam %(year)s: enter %(intervention)s (%(who)s)") % {
            "year": year,
            "intervention": registration.intervention.name,
            "who": person_name(registration.responsible) or _("nobody named responsible"),
        }
        deadlines.append(Deadline(due, title, "national", overdue=due < today))
    return deadlines


def upcoming_deadlines(
    forbund, today: date | None = None, days: int = HORIZON_DAYS
) -> list[Deadline]:
    """What is overdue, then what falls due from `today` and the next `days` days, soonest
    first."""
    today = today or date.today()
    last = today + timedelta(days=days)
    candidates = []
    for year in range(today.year, last.year + 1):
        candidates += _report_deadlines(forbund, year)
    candidates += _claim_deadlines(forbund, today, last)
    upcoming = [d for d in candidates if today <= d.due <= last]
    flagged = (
        _duty_deadlines(forbund, today, last)
        + _agreement_warnings(forbund, today)
        + _national_registrations(forbund, today)
    )
    return sorted(upcoming + flagged, key=lambda d: (not d.overdue, d.due, d.title))

"""What a report is run on: the förbund, the reader, the period and the chosen filters.

Every queryset of personal rows a report reads starts from `counted_by(user)`: an administrator,
analyst, board member or auditor counts the whole förbund's pseudonymous rows (the board without
ever seeing one), intervention staff only their own interventions'. Nothing personal leaves a report except counts, and those are protected when
published (protection.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import FilteredRelation, Q, QuerySet
from django.utils.translation import gettext as _

from samordna.core.models import TenantQuerySet
from samordna.core.periods import Period, PeriodKind
from samordna.interventions.models import Intervention, InterventionParty
from samordna.organisations.models import Forbund, Municipality, Organisation
from samordna.participants.models import Enrolment, Referral

PERIOD_PARTS = {
    "year": (PeriodKind.YEAR, 1),
    "t1": (PeriodKind.TERTIAL, 1),
    "t2": (PeriodKind.TERTIAL, 2),
    "t3": (PeriodKind.TERTIAL, 3),
    "h1": (PeriodKind.HALF_YEAR, 1),
    "h2": (PeriodKind.HALF_YEAR, 2),
}
JANUARY_AUGUST = "jan_aug"
# An enrolment's referral, joined only within the förbund (LEFT JOIN: an enrolment may have none).
REFERRAL = "referral_in_forbund"


@dataclass(frozen=True)
class ReportPeriod:
    """A reporting period within one calendar year: a core Period, or January–August."""

    year: int
    part: str

    @property
    def _bounds(self) -> tuple[date, date]:
        if self.part == JANUARY_AUGUST:
            return date(self.year, 1, 1), date(self.year, 8, 31)
        kind, number = PERIOD_PARTS[self.part]
        period = Period(self.year, kind, number)
        return period.start, period.end

    @property
    def start(self) -> date:
        return self._bounds[0]

    @property
    def end(self) -> date:
        return self._bounds[1]

    def label(self) -> str:
        if self.part == JANUARY_AUGUST:
            return _("January–August %(year)s") % {"year": self.year}
        kind, number = PERIOD_PARTS[self.part]
        return Period(self.year, kind, number).label()

    def months(self) -> list[Period]:
        return list(Period(self.year, PeriodKind.YEAR).months())[
            self.start.month - 1 : self.end.month
        ]

    def tertials(self) -> list[Period]:
        """The tertials that overlap the period (survey answers carry only their tertial)."""
        year = Period(self.year, PeriodKind.YEAR).split(PeriodKind.TERTIAL)
        return [t for t in year if t.end >= self.start and t.start <= self.end]

    def __str__(self) -> str:
        return self.label()


@dataclass
class ReportScope:
    """The reader, the förbund, the period and the filters of one run of a report. No reader
    (None) counts the whole förbund: only for figures that leave as protected sums."""

    user: Any
    # None only for the layout of the national tables, which reads no row.
    forbund: Forbund | None
    period: ReportPeriod
    intervention_ids: tuple[int, ...] = ()
    municipality: Municipality | None = None
    organisation: Organisation | None = None

    def interventions(self) -> QuerySet:
        readable: TenantQuerySet = (
            Intervention.objects.all()
            if self.user is None
            else Intervention.objects.visible_to(self.user)
        )
        interventions = readable.in_forbund(self.forbund)
        if self.intervention_ids:
            interventions = interventions.filter(pk__in=self.intervention_ids)
        if self.organisation is not None:
            parties = InterventionParty.objects.filter(organisation=self.organisation)
            interventions = interventions.filter(pk__in=parties.values("intervention"))
        return interventions

    def intervention_filter(self, path: str = "intervention") -> Q:
        """Rows of the chosen interventions (all the reader may see when none is chosen)."""
        if not self.intervention_ids and self.organisation is None:
            return Q()
        return Q(**{f"{path}__in": self.interventions().values("pk")})

    def enrolments(self) -> QuerySet:
        """Enrolments in the statistics (erroneous registrations excluded) within the filters.

        Every table joined carries the förbund too, so the database reads only the förbund's
        participants and referrals, not the country's, for a split by gender or party.
        """
        enrolments = (
            self._counted(Enrolment.objects)
            .in_forbund(self.forbund)
            .in_statistics()
            .filter(self.intervention_filter(), participant__forbund=self.forbund)
            .alias(
                **{
                    REFERRAL: FilteredRelation(
                        "referral", condition=Q(referral__forbund=self.forbund)
                    )
                }
            )
        )
        if self.municipality is not None:
            enrolments = enrolments.filter(participant__municipality=self.municipality)
        return enrolments

    def referrals(self) -> QuerySet:
        referrals = (
            self._counted(Referral.objects)
            .in_forbund(self.forbund)
            .filter(self.intervention_filter())
            .filter(received_on__range=(self.period.start, self.period.end))
        )
        if self.municipality is not None:
            referrals = referrals.filter(municipality=self.municipality)
        return referrals

    def _counted(self, manager) -> TenantQuerySet:
        """The rows the reader's reports count; with no reader (`user` None: the national
        summaries, which keep nothing but counts), every row of the förbund."""
        return manager.unrestricted() if self.user is None else manager.counted_by(self.user)

    def started(self) -> Q:
        return Q(start__range=(self.period.start, self.period.end))

    def active(self) -> Q:
        """Enrolled at some time during the period."""
        return Q(start__lte=self.period.end) & (
            Q(end_date__isnull=True) | Q(end_date__gte=self.period.start)
        )

    def ended(self) -> Q:
        return Q(end_date__range=(self.period.start, self.period.end))

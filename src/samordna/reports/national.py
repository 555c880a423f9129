"""Uppföljning Finsam, the national follow-up: which interventions' figures the förbund must
enter for a year (each it funded under a signed agreement that year), who enters them, and
whether they were entered. The figures themselves are the finsam report's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from samordna.funding.models import Agreement
from samordna.interventions.models import Intervention
from samordna.reports.models import NationalRegistration
from samordna.reports.services import settings_for


@dataclass(frozen=True)
class Registration:
    intervention: Intervention
    year: int
    record: NationalRegistration | None

    @property
    def responsible(self):
        return self.record.responsible if self.record else None

    @property
    def entered_on(self) -> date | None:
        return self.record.entered_on if self.record else None

    @property
    def entered_by_name(self) -> str:
        return person_name(self.record.entered_by if self.record else None)


def person_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def due_date(forbund, year: int) -> date:
    """The year's figures are due with the förbund's annual statistics (10 February by default)."""
    settings = settings_for(forbund)
    return date(year + 1, settings.annual_statistics_due_month, settings.annual_statistics_due_day)


def registrations(forbund, year: int) -> list[Registration]:
    funded = (
        Agreement.objects.in_forbund(forbund)
        .signed()
        .filter(
            period_start__lte=date(year, 12, 31),
            period_end__gte=date(year, 1, 1),
        )
        .values("intervention_id")
    )
    interventions = Intervention.objects.in_forbund(forbund).filter(pk__in=funded).order_by("name")
    records = {
        r.intervention_id: r
        for r in NationalRegistration.objects.in_forbund(forbund)
        .filter(year=year)
        .select_related("responsible", "entered_by")
    }
    return [Registration(i, year, records.get(i.pk)) for i in interventions]

"""Reporting periods (month, quarter, tertial, half-year, year) as one small value type used everywhere."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.utils.translation import gettext as _


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    TERTIAL = "tertial"
    HALF_YEAR = "half_year"
    YEAR = "year"


_MONTHS_PER_KIND = {
    PeriodKind.MONTH: 1,
    PeriodKind.QUARTER: 3,
    PeriodKind.TERTIAL: 4,
    PeriodKind.HALF_YEAR: 6,
    PeriodKind.YEAR: 12,
}


@dataclass(frozen=True, order=True)
class Period:
    """A calendar period: the `number`th month, quarter, tertial or half-year of `year` (1 for a year)."""

    year: int
    kind: PeriodKind
    number: int = 1

    def __post_init__(self) -> None:
        count = 12 // _MONTHS_PER_KIND[self.kind]
        if not 1 <= self.number <= count:
            raise ValueError(f"A {self.kind} is numbered 1-{count}, not {self.number}.")

    @classmethod
    def containing(cls, day: date, kind: PeriodKind) -> Period:
        return cls(day.year, kind, (day.month - 1) // _MONTHS_PER_KIND[kind] + 1)

    @property
    def first_month(self) -> int:
        return (self.number - 1) * _MONTHS_PER_KIND[self.kind] + 1

    @property
    def last_month(self) -> int:
        return self.first_month + _MONTHS_PER_KIND[self.kind] - 1

    @property
    def start(self) -> date:
        return date(self.year, self.first_month, 1)

    @property
    def end(self) -> date:
        return date(self.year, self.last_month, calendar.monthrange(self.year, self.last_month)[1])

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    def next(self) -> Period:
        count = 12 // _MONTHS_PER_KIND[self.kind]
        if self.number < count:
            return Period(self.year, self.kind, self.number + 1)
        return Period(self.year + 1, self.kind, 1)

    def months(self) -> Iterator[Period]:
        for month in range(self.first_month, self.last_month + 1):
            yield Period(self.year, PeriodKind.MONTH, month)

    def split(self, kind: PeriodKind) -> list[Period]:
        """The periods of `kind` that make up this one (a year into tertials, say)."""
        if _MONTHS_PER_KIND[kind] > _MONTHS_PER_KIND[self.kind]:
            raise ValueError(f"A {self.kind} cannot be split into {kind}s.")
        period = Period.containing(self.start, kind)
        parts = []
        while period.start <= self.end:
            parts.append(period)
            period = period.next()
        return parts

    def label(self) -> str:
        if self.kind is PeriodKind.YEAR:
            return str(self.year)
        if self.kind is PeriodKind.MONTH:
            return f"{self.year}-{self.number:02d}"
        if self.kind is PeriodKind.QUARTER:
            return _("Quarter %(number)s %(year)s") % {"number": self.number, "year": self.year}
        if self.kind is PeriodKind.TERTIAL:
            return _("Tertial %(number)s %(year)s") % {"number": self.number, "year": self.year}
        return _("Half-year %(number)s %(year)s") % {"number": self.number, "year": self.year}

    def __str__(self) -> str:
        return self.label()

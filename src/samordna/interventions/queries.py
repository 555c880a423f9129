"""Read-side questions about interventions, answered by the database (staffing totals)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum

ZERO = Decimal("0.00")


def hundredths(value) -> Decimal:
    """A database sum in two decimals (SQLite drops trailing zeros); no rows sum to zero."""
    return Decimal(value or 0).quantize(ZERO)


@dataclass
class StaffingTable:
    """Full-time equivalents: one row per organisation, one column per municipality, with totals."""

    year: int
    columns: list[dict]
    rows: list[dict] = field(default_factory=list)
    column_totals: list[Decimal] = field(default_factory=list)
    total: Decimal = ZERO
    funded: Decimal = ZERO


def staffing_years(intervention) -> list[int]:
    return list(intervention.staffing.values_list("year", flat=True).distinct().order_by("year"))


def staffing_table(intervention, year: int) -> StaffingTable:
    lines = intervention.staffing.filter(year=year)
    fte = Sum("full_time_equivalents")
    columns = list(
        lines.values("municipality_id", "municipality__name")
        .annotate(total=fte)
        .order_by("municipality__name")
    )
    cells = {
        (c["organisation_id"], c["municipality_id"]): hundredths(c["total"])
        for c in lines.values("organisation_id", "municipality_id").annotate(total=fte)
    }
    rows = lines.values("organisation_id", "organisation__name").annotate(
        total=fte, funded=Sum("full_time_equivalents", filter=Q(funded=True))
    )
    totals = lines.aggregate(total=fte, funded=Sum("full_time_equivalents", filter=Q(funded=True)))
    return StaffingTable(
        year=year,
        columns=columns,
        rows=[
            {
                "organisation": row["organisation__name"],
                "cells": [
                    cells.get((row["organisation_id"], column["municipality_id"]))
                    for column in columns
                ],
                "total": hundredths(row["total"]),
                "funded": hundredths(row["funded"]),
            }
            for row in rows.order_by("organisation__kind", "organisation__name")
        ],
        column_totals=[hundredths(column["total"]) for column in columns],
        total=hundredths(totals["total"]),
        funded=hundredths(totals["funded"]),
    )

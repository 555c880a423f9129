"""National statistics: the key figures summed over the förbund that share their statistics.

Each förbund's figures for a year are counted once into NationalSummary rows (a count and its
cell key per cell and total) by the nightly job, and again only when the förbund's data
generation has changed. The national report sums those rows over the förbund that share
their statistics now, then protects the sums: the cell key method works on sums as on counts,
since a sum's cell key is the sum of its förbund's cell keys. So no förbund's own figure is
ever published, and a cell small nationally reads "<N" like any other.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from samordna.core.record_keys import Counted
from samordna.organisations.models import Forbund
from samordna.reports import published
from samordna.reports.models import DEFAULT_THRESHOLD, NationalSummary, SummaryLevel
from samordna.reports.perturbation import KEYS_KEEPING_THE_COUNT
from samordna.reports.protection import Protection, ShownTable, publish
from samordna.reports.scope import ReportPeriod, ReportScope
from samordna.reports.services import protection_for
from samordna.reports.summary_reports import shared_figures
from samordna.reports.tables import Category, Table


@dataclasses.dataclass
class NationalReport:
    year: int
    tables: list[ShownTable]
    protection: Protection
    forbund_count: int
    counted_at: object  # the latest refresh of the figures read, or None


def sharing_forbund():
    return Forbund.objects.filter(shares_national_statistics=True)


# Counting ------------------------------------------------------------------------------------


def refresh(year: int) -> dict[str, int]:
    """Count the year's figures of every sharing förbund whose data changed since last counted,
    and forget those of förbund that no longer share them."""
    dropped, _by_model = (
        NationalSummary.objects.filter(year=year).exclude(forbund__in=sharing_forbund()).delete()
    )
    counted = 0
    for forbund in sharing_forbund().order_by("pk"):
        generation = published.current_generation(forbund)
        stored = NationalSummary.objects.filter(forbund=forbund, year=year)
        if stored.filter(generation=generation).exists():
            continue
        with transaction.atomic():
            stored.delete()
            NationalSummary.objects.bulk_create(_summaries(forbund, year, generation))
        counted += 1
    return {"counted": counted, "dropped": dropped}


def _summaries(forbund, year: int, generation) -> list[NationalSummary]:
    scope = ReportScope(user=None, forbund=forbund, period=ReportPeriod(year, "year"))
    now = timezone.now()
    return [
        NationalSummary(
            forbund=forbund,
            year=year,
            table=table.key,
            level=level,
            row=row,
            column=column,
            count=int(value),
            key=getattr(value, "key", 0),
            generation=generation,
            counted_at=now,
        )
        for table in shared_figures(scope)
        for level, row, column, value in _figures(table)
    ]


def _figures(table: Table):
    """(level, row, column, count) of every figure of a table: cells, totals and grand total."""
    for (row, column), value in table.cells.items():
        yield SummaryLevel.CELL, row, column, value
    for row, value in (table.row_totals or {}).items():
        yield SummaryLevel.ROW_TOTAL, row, "", value
    for column, value in (table.column_totals or {}).items():
        yield SummaryLevel.COLUMN_TOTAL, "", column, value
    if table.grand_total is not None:
        yield SummaryLevel.TOTAL, "", "", table.grand_total


# Reading -------------------------------------------------------------------------------------


def national_sums(year: int) -> dict[tuple[str, str, str, str], Counted]:
    """Every figure of the year summed over the sharing förbund: (table, level, row, column) →
    the sum with its cell key. Exact: never shown, only published (national_report)."""
    rows = (
        NationalSummary.objects.filter(year=year, forbund__in=sharing_forbund())
        .values("table", "level", "row", "column")
        .annotate(total=Sum("count"), keys=Sum("key"))
    )
    return {
        (r["table"], r["level"], r["row"], r["column"]): Counted(r["total"], r["keys"])
        for r in rows
    }


def national_protection(forbund_ids) -> Protection:
    """The strictest protection of the sharing förbund: the highest threshold and the table
    that keeps the fewest counts, so sharing never weakens what a förbund asked for."""
    protections = [protection_for(f) for f in Forbund.objects.filter(pk__in=forbund_ids)]
    if not protections:
        return Protection(DEFAULT_THRESHOLD)
    return Protection(
        max(p.threshold for p in protections),
        min((p.table for p in protections), key=lambda table: KEYS_KEEPING_THE_COUNT[table]),
    )


def national_tables(year: int) -> list[Table]:
    """The shared key figures as national tables, their figures the sums (unprotected)."""
    sums = national_sums(year)
    empty = ReportScope(user=AnonymousUser(), forbund=None, period=ReportPeriod(year, "year"))
    return [_filled(layout, sums) for layout in shared_figures(empty)]


def _filled(layout: Table, sums: dict) -> Table:
    """The layout (rows, columns, titles; no figures) with the national sums."""

    by_level: dict[str, dict] = defaultdict(dict)
    for (table, level, row, column), value in sums.items():
        if table == layout.key:
            by_level[level][(row, column)] = value
    known = {row.code for row in layout.rows}
    seen = {row for row, _column in by_level[SummaryLevel.CELL] | by_level[SummaryLevel.ROW_TOTAL]}
    extra = [Category(code, code) for code in sorted(seen - known)]
    return dataclasses.replace(
        layout,
        rows=layout.rows + extra,
        cells=by_level[SummaryLevel.CELL],
        row_totals=_line(layout.row_totals, by_level[SummaryLevel.ROW_TOTAL], first=True),
        column_totals=_line(layout.column_totals, by_level[SummaryLevel.COLUMN_TOTAL]),
        grand_total=(
            None
            if layout.grand_total is None
            else by_level[SummaryLevel.TOTAL].get(("", ""), Counted(0, 0))
        ),
    )


def _line(layout_totals, found: dict, first: bool = False) -> dict | None:
    if layout_totals is None:
        return None
    return {(key[0] if first else key[1]): value for key, value in found.items()}


def national_report(year: int) -> NationalReport:
    """The year's national statistics, protected: the only way they are shown."""
    forbund_ids = list(sharing_forbund().values_list("pk", flat=True))
    protection = national_protection(forbund_ids)
    counted_at = (
        NationalSummary.objects.filter(year=year, forbund__in=forbund_ids)
        .aggregate(latest=Max("counted_at"))
        .get("latest")
    )
    tables = [publish(table, protection) for table in national_tables(year)]
    return NationalReport(year, tables, protection, len(forbund_ids), counted_at)


def default_year(today: date | None = None) -> int:
    """Last year: the latest year whose figures are complete."""
    return (today or timezone.localdate()).year - 1

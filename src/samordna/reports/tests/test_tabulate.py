"""The participants and outcomes reports read their rows once for all their tables
(tables.tabulate): on a generated world every cell, total and cell key must equal what a plain
GROUP BY (or a count per condition) of that table's own rows gives, for the year and for a
tertial, in every förbund."""

from collections import defaultdict
from datetime import date

import pytest
from django.db.models import Count, Q, Sum

from samordna.accounts.models import User
from samordna.core.record_keys import Counted
from samordna.operations.generator import generate
from samordna.organisations.models import Forbund
from samordna.participants.models import Enrolment
from samordna.reports.grouping import Crossing, Level, grouped_counts
from samordna.reports.participant_reports import (
    outcome_tables,
    outcomes,
    participant_tables,
    participants,
)
from samordna.reports.scope import ReportPeriod, ReportScope
from samordna.reports.tables import (
    NOT_STATED,
    Computed,
    Dimension,
    FlagCross,
    FlagTab,
    Table,
    with_aliases,
)
from samordna.reports.tests.factories import EnrolmentFactory, intervention_in

TODAY = date(2026, 6, 15)


def _figures(table: Table) -> dict:
    """Every figure of the table with its cell key (a Counted compares as its count alone)."""

    def pair(value):
        return (int(value), value.key) if isinstance(value, Counted) else value

    return {
        "cells": {cell: pair(v) for cell, v in table.cells.items() if v},
        "rows": {r: pair(v) for r, v in (table.row_totals or {}).items() if v},
        "columns": {c: pair(v) for c, v in (table.column_totals or {}).items() if v},
        "total": pair(table.grand_total) if table.grand_total else None,
    }


def _grouped(rows, *fields) -> dict[tuple, Counted]:
    counted = rows.order_by().values(*fields).annotate(n=Count("pk"), k=Sum("record_key"))
    return {
        tuple(NOT_STATED if g[f] is None else str(g[f]) for f in fields): Counted(g["n"], g["k"])
        for g in counted
    }


def _summed(counts: dict[tuple, Counted], position: int | None) -> dict[str, tuple[int, int]]:
    sums: dict = defaultdict(lambda: [0, 0])
    for cell, counted in counts.items():
        line = sums[cell[position] if position is not None else ""]
        line[0] += counted
        line[1] += counted.key
    return {code: (n, key % 256) for code, (n, key) in sums.items() if n}


def _each(rows, conditions: dict) -> dict:
    """The rows meeting each condition (a tuple of Q that must all hold), counted one by one."""
    counted = {}
    for name, condition in conditions.items():
        figures = rows.filter(*condition).aggregate(n=Count("pk"), k=Sum("record_key"))
        if figures["n"]:
            counted[name] = (figures["n"], figures["k"] % 256)
    return counted


def _crossed_alone(rows, spec: FlagCross) -> dict:
    row_q, column_q = dict(spec.rows), dict(spec.columns)
    cell = spec.cell or (lambda row, column: (row_q[row], column_q[column]))
    cells = {(r.code, c.code): cell(r, c) for r in row_q for c in column_q}
    totals = {r.code: (q,) for r, q in spec.rows} if spec.row_total else {}
    return {"cells": _each(rows, cells), "rows": _each(rows, totals), "columns": {}, "total": None}


def _alone(rows, spec) -> dict:
    """The table counted on its own by plain GROUP BYs: the reference."""
    if isinstance(spec, FlagCross):
        return _crossed_alone(rows, spec)
    dimensions = [d for d in (spec.rows, spec.columns) if isinstance(d, Dimension)]
    rows = with_aliases(rows.filter(spec.where), *dimensions)
    if isinstance(spec, FlagTab):
        cells, totals = {}, {}
        for category, flag in spec.rows:
            by_column = _grouped(rows.filter(flag), spec.columns.field)
            for (column,), counted in by_column.items():
                if column in {c.code for c in spec.columns.categories} and counted:
                    cells[(category.code, column)] = (int(counted), counted.key)
            total = _summed(by_column, None).get("")
            totals |= {category.code: total} if total else {}
        return {"cells": cells, "rows": totals, "columns": {}, "total": None}
    cells = _grouped(rows, spec.rows.field, spec.columns.field)
    grand = _summed(cells, None).get("")
    return {
        "cells": {cell: (int(c), c.key) for cell, c in cells.items() if c},
        "rows": _summed(cells, 0),
        "columns": _summed(cells, 1),
        "total": grand,
    }


@pytest.mark.django_db
def test_tables_counted_from_one_reading_equal_each_table_counted_alone():
    generate(2, 600, seed=11, today=TODAY, progress=lambda line: None)
    compared = 0
    for forbund in Forbund.objects.filter(name__startswith="Benchförbund"):
        admin = User.objects.get(memberships__forbund=forbund, username__startswith="bench-admin")
        for period in (ReportPeriod(2025, "year"), ReportPeriod(2026, "t1")):
            scope = ReportScope(admin, forbund, period)
            enrolments = scope.enrolments()
            for report, rows, specs in (
                (participants, enrolments.filter(scope.active()), participant_tables(scope)),
                (outcomes, enrolments.filter(scope.ended()), outcome_tables()),
            ):
                built = {table.key: table for table in report(scope)}
                for spec in specs:
                    if not isinstance(spec, Computed):
                        assert _figures(built[spec.key]) == _alone(rows, spec), spec.key
                        compared += 1
    assert compared == 2 * 2 * (17 + 5)


def test_more_columns_than_grouping_takes_are_grouped_table_by_table(tenant):
    """PostgreSQL's GROUPING() takes at most 31 columns (grouping.py reads each table's groups
    from one GROUPING SETS pass by its bits): a statement grouping by more groups each table
    by itself, with the same figures."""
    intervention = intervention_in(tenant)
    for key in range(0, 256, 8):
        EnrolmentFactory(intervention=intervention, record_key=key)
    rows = Enrolment.objects.unrestricted().filter(forbund=tenant.forbund)
    parts = [
        Crossing("intervention_id", "participant__gender", Q(record_key__gte=8 * i))
        for i in range(32)
    ]
    for i, groups in enumerate(grouped_counts(rows, parts)):
        total = next(g.count for g in groups if g.level is Level.GRAND_TOTAL)
        expected = [key for key in range(0, 256, 8) if key >= 8 * i]
        assert (int(total), total.key) == (len(expected), sum(expected) % 256)

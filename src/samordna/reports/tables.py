"""Report tables: rows × columns with totals, aggregated in the database (GROUP BY), never by
looping over the rows in Python. Only the aggregated cells (a few dozen) reach Python."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

Number = int | Decimal


class Unit(StrEnum):
    COUNT = "count"  # people: small-cell protection applies
    MONEY = "money"
    PERCENT = "percent"
    MEAN = "mean"  # a mean score, one decimal


@dataclass(frozen=True)
class Category:
    code: str
    label: str


def categories(choices: Iterable[tuple[object, object]]) -> list[Category]:
    """Categories from Django choices, labels translated now."""
    return [Category(str(code), str(label)) for code, label in choices]


@dataclass(frozen=True)
class Dimension:
    """A way to break counts down: a field path (or an alias named in `alias`) and its categories."""

    field: str
    categories: list[Category]
    heading: str
    alias: dict = dataclasses.field(default_factory=dict)


@dataclass
class Table:
    """One published table. Totals come from the database, separately from the cells."""

    key: str
    title: str
    row_heading: str
    rows: list[Category]
    columns: list[Category]
    cells: dict[tuple[str, str], Number | None]
    row_totals: dict[str, Number | None] | None = None
    column_totals: dict[str, Number | None] | None = None
    grand_total: Number | None = None
    unit: Unit = Unit.COUNT
    note: str = ""
    column_units: dict[str, Unit] = dataclasses.field(default_factory=dict)

    @property
    def protected(self) -> bool:
        """Counts of people are protected; money and shares are not counts of anyone."""
        return self.unit is Unit.COUNT

    def unit_of(self, column: str) -> Unit:
        return self.column_units.get(column, self.unit)

    def value(self, row: str, column: str) -> Number | None:
        return self.cells.get((row, column), 0 if self.unit is Unit.COUNT else None)


NOT_STATED = ""


def _code(value) -> str:
    return NOT_STATED if value is None else str(value)


def _with_unexpected(known: list[Category], seen: Iterable[str]) -> list[Category]:
    """Known categories, then any code found in the data that the list does not name."""
    codes = {c.code for c in known}
    extra = sorted({code for code in seen if code not in codes})
    return known + [Category(code, code or _("Not stated")) for code in extra]


def count_table(
    queryset: QuerySet,
    *,
    key: str,
    title: str,
    rows: Dimension,
    columns: Dimension,
    measure: str = "pk",
    note: str = "",
) -> Table:
    """A cross-tabulation of `queryset` by two single-valued dimensions, with every total.

    One GROUP BY for the cells, and the margins and the grand total aggregated separately, so the
    property "every breakdown sums to its total" is checked against the database, not assumed.
    """
    queryset = with_aliases(queryset, rows, columns).order_by()
    aggregate = Count(measure) if measure == "pk" else Sum(measure)
    grouped = queryset.values(rows.field, columns.field).annotate(n=aggregate)
    cells = {(_code(g[rows.field]), _code(g[columns.field])): g["n"] or 0 for g in grouped}
    by_row = queryset.values(rows.field).annotate(n=aggregate)
    by_column = queryset.values(columns.field).annotate(n=aggregate)
    row_totals = {_code(g[rows.field]): g["n"] or 0 for g in by_row}
    column_totals = {_code(g[columns.field]): g["n"] or 0 for g in by_column}
    grand_total = queryset.aggregate(n=aggregate)["n"] or 0
    return Table(
        key=key,
        title=title,
        row_heading=rows.heading,
        rows=_with_unexpected(rows.categories, row_totals),
        columns=_with_unexpected(columns.categories, column_totals),
        cells=cells,
        row_totals=row_totals,
        column_totals=column_totals,
        grand_total=grand_total,
        note=note,
    )


def with_aliases(queryset: QuerySet, *dimensions: Dimension) -> QuerySet:
    """The queryset with the computed expressions the dimensions group by, in order."""
    for dimension in dimensions:
        for name, expression in dimension.alias.items():
            queryset = queryset.annotate(**{name: expression})
    return queryset


Flags = list[tuple[Category, Q]]


def flag_table(
    queryset: QuerySet,
    *,
    key: str,
    title: str,
    row_heading: str,
    rows: Flags,
    columns: Flags,
    cell: Callable[[Category, Category], Q] | None = None,
    row_total: bool = True,
    note: str = "",
) -> Table:
    """Counts where a row or a column may overlap (several income sources, started and ended).

    Each cell counts the rows meeting its condition (by default the row's and the column's
    conditions together), all in one aggregate query. A sum over overlapping categories means
    nothing, so the table has no total row; the total column counts the rows meeting the row's
    condition.
    """
    row_q = {c.code: q for c, q in rows}
    column_q = {c.code: q for c, q in columns}
    cell = cell or (lambda row, column: row_q[row.code] & column_q[column.code])
    aggregates = {
        f"c{i}_{j}": Count("pk", filter=cell(row, column))
        for i, (row, _rq) in enumerate(rows)
        for j, (column, _cq) in enumerate(columns)
    }
    if row_total:
        aggregates |= {f"t{i}": Count("pk", filter=q) for i, (_row, q) in enumerate(rows)}
    result = queryset.order_by().aggregate(**aggregates)
    cells = {
        (row.code, column.code): result[f"c{i}_{j}"]
        for i, (row, _rq) in enumerate(rows)
        for j, (column, _cq) in enumerate(columns)
    }
    totals = {row.code: result[f"t{i}"] for i, (row, _q) in enumerate(rows)} if row_total else None
    return Table(
        key=key,
        title=title,
        row_heading=row_heading,
        rows=[row for row, _q in rows],
        columns=[column for column, _q in columns],
        cells=cells,
        row_totals=totals,
        note=note,
    )


def flags(dimension: Dimension) -> list[tuple[Category, Q]]:
    """A single-valued dimension as conditions, for flag_table."""
    return [(c, Q(**{dimension.field: c.code})) for c in dimension.categories]


def format_value(value: Number | None, unit: Unit) -> str:
    """Swedish number format: space between thousands, comma before decimals."""
    if value is None:
        return "–"
    if unit is Unit.PERCENT:
        return f"{value:.0f} %"
    if unit is Unit.MEAN:
        return f"{value:.1f}".replace(".", ",")
    text = f"{Decimal(value):,.0f}" if unit is Unit.MONEY else f"{value:,}"
    return text.replace(",", "\u00a0").replace(".", ",")

"""Report tables: rows × columns with totals, aggregated in the database (GROUP BY), never by
looping over the rows in Python. Only the aggregated cells (a few dozen) reach Python."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from samordna.core import figures
from samordna.core.record_keys import Counted
from samordna.reports.grouping import Crossing, Flagging, Group, Level, grouped_counts

Number = int | Decimal


class Withheld:
    """A figure the report leaves out to protect people (a mean of too few): shown as ".."."""

    def __repr__(self) -> str:
        return "WITHHELD"


WITHHELD = Withheld()
Value = Number | Withheld | None


class Unit(StrEnum):
    COUNT = "count"  # people: small-cell protection applies
    NUMBER = "number"  # a planned or other whole number that counts no one (budgeted places)
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


@dataclass(frozen=True)
class Ratio:
    """A column computed when the table is published, from the published values of two other
    columns of the same row, so that a share never rests on an exact count."""

    numerator: str
    denominator: str
    scale: int = 100
    unit: Unit = Unit.PERCENT


@dataclass
class Table:
    """One published table. Totals come from the database, separately from the cells."""

    key: str
    title: str
    row_heading: str
    rows: list[Category]
    columns: list[Category]
    cells: dict[tuple[str, str], Value]
    row_totals: dict[str, Value] | None = None
    column_totals: dict[str, Value] | None = None
    grand_total: Value = None
    unit: Unit = Unit.COUNT
    note: str = ""
    column_units: dict[str, Unit] = dataclasses.field(default_factory=dict)
    ratios: dict[str, Ratio] = dataclasses.field(default_factory=dict)
    # How its charts draw it (reports/charts.py): the columns are periods in order, so a chart
    # shows each row's change from the first to the latest; or the columns drawn, one chart
    # each (by default the total, or the last column); and rows of different kinds (income,
    # equity, costs) that must not share an axis, as a chart title per group of row codes.
    over_time: bool = False
    charted: list[str] = dataclasses.field(default_factory=list)
    row_groups: dict[str, list[str]] = dataclasses.field(default_factory=dict)

    @property
    def counts_people(self) -> bool:
        """Counts of people are protected; money and shares are not counts of anyone."""
        return Unit.COUNT in {self.unit, *self.column_units.values()}

    def unit_of(self, column: str) -> Unit:
        if column in self.ratios:
            return self.ratios[column].unit
        return self.column_units.get(column, self.unit)

    def value(self, row: str, column: str) -> Value:
        return self.cells.get((row, column), 0 if self.unit is Unit.COUNT else None)


NOT_STATED = ""


def _code(value) -> str:
    return NOT_STATED if value is None else str(value)


def with_unexpected(known: list[Category], seen: Iterable[str]) -> list[Category]:
    """Known categories, then any code found in the data that the list does not name."""
    codes = {c.code for c in known}
    extra = sorted({code for code in seen if code not in codes})
    return known + [Category(code, code or _("Not stated")) for code in extra]


@dataclass(frozen=True)
class CrossTab:
    """A cross-tabulation by two single-valued dimensions, with every total, of the rows
    meeting `where`; `measure` sums a field instead of counting rows (count registrations)."""

    key: str
    title: str
    rows: Dimension
    columns: Dimension
    where: Q = dataclasses.field(default_factory=Q)
    measure: str | None = None
    note: str = ""

    def part(self) -> Crossing:
        return Crossing(self.rows.field, self.columns.field, self.where, self.measure)

    def table(self, groups: list[Group]) -> Table:
        cells: dict[tuple[str, str], Value] = {}
        row_totals: dict[str, Value] = {}
        column_totals: dict[str, Value] = {}
        grand_total = Counted(0, 0)
        for group in groups:
            row, column = _code(group.row), _code(group.column)
            if group.level is Level.CELL:
                cells[(row, column)] = group.count
            elif group.level is Level.ROW_TOTAL:
                row_totals[row] = group.count
            elif group.level is Level.COLUMN_TOTAL:
                column_totals[column] = group.count
            else:
                grand_total = group.count
        return Table(
            key=self.key,
            title=self.title,
            row_heading=self.rows.heading,
            rows=with_unexpected(self.rows.categories, row_totals),
            columns=with_unexpected(self.columns.categories, column_totals),
            cells=cells,
            row_totals=row_totals,
            column_totals=column_totals,
            grand_total=grand_total,
            note=self.note,
        )


Flags = list[tuple[Category, Q]]


@dataclass(frozen=True)
class FlagTab:
    """Counts where the rows overlap (several income sources; started and ended), by a
    single-valued column dimension (gender), of the rows meeting `where`.

    A sum over overlapping categories means nothing, so the table has no total row; the total
    column counts the rows meeting the row's condition.
    """

    key: str
    title: str
    row_heading: str
    rows: Flags
    columns: Dimension
    where: Q = dataclasses.field(default_factory=Q)
    row_total: bool = True
    note: str = ""

    def part(self) -> Flagging:
        return Flagging(tuple((q,) for _row, q in self.rows), self.columns.field, self.where)

    def table(self, groups: list[Group]) -> Table:
        counted = {
            (group.level, group.row, _code(group.column)): group.count
            for group in groups
            if group.level in (Level.CELL, Level.ROW_TOTAL)
        }
        cells: dict[tuple[str, str], Value] = {}
        totals: dict[str, Value] = {}
        for i, (row, _q) in enumerate(self.rows):
            for column in self.columns.categories:
                cells[(row.code, column.code)] = counted.get(
                    (Level.CELL, str(i), column.code), Counted(0, 0)
                )
            totals[row.code] = counted.get((Level.ROW_TOTAL, str(i), NOT_STATED), Counted(0, 0))
        return Table(
            key=self.key,
            title=self.title,
            row_heading=self.row_heading,
            rows=[row for row, _q in self.rows],
            columns=self.columns.categories,
            cells=cells,
            row_totals=totals if self.row_total else None,
            note=self.note,
        )


@dataclass(frozen=True)
class FlagCross:
    """Counts where both the rows and the columns may overlap (income before and after).

    Each cell counts the rows meeting its conditions (by default the row's and the column's
    together); the total column counts the rows meeting the row's condition. Every condition
    is tested once per row, however many cells name it.
    """

    key: str
    title: str
    row_heading: str
    rows: Flags
    columns: Flags
    cell: Callable[[Category, Category], tuple[Q, ...]] | None = None
    row_total: bool = True
    note: str = ""

    def _conditions(self) -> dict[tuple[str, str], tuple[Q, ...]]:
        """Each cell's conditions, then each row total's (under no column)."""
        conditions = {
            (row.code, column.code): (self.cell(row, column) if self.cell else (row_q, column_q))
            for row, row_q in self.rows
            for column, column_q in self.columns
        }
        if self.row_total:
            conditions |= {(row.code, NOT_STATED): (row_q,) for row, row_q in self.rows}
        return conditions

    def part(self) -> Flagging:
        return Flagging(tuple(self._conditions().values()), None)

    def table(self, groups: list[Group]) -> Table:
        counted = {group.row: group.count for group in groups if group.level is Level.CELL}
        cells: dict[tuple[str, str], Value] = {}
        totals: dict[str, Value] = {}
        for i, (row, column) in enumerate(self._conditions()):
            count = counted.get(str(i), Counted(0, 0))
            if column == NOT_STATED:
                totals[row] = count
            else:
                cells[(row, column)] = count
        return Table(
            key=self.key,
            title=self.title,
            row_heading=self.row_heading,
            rows=[row for row, _q in self.rows],
            columns=[column for column, _q in self.columns],
            cells=cells,
            row_totals=totals if self.row_total else None,
            note=self.note,
        )


@dataclass(frozen=True)
class Computed:
    """A table not counted from the shared rows: built from the tables before it (by key) or
    by a query of its own."""

    build: Callable[[dict[str, Table]], Table]


Counting = CrossTab | FlagTab | FlagCross


def tabulate(
    queryset: QuerySet,
    tables: list[Counting | Computed],
    record_key: str = "record_key",
) -> list[Table]:
    """The tables in order, every counted one from `queryset`'s rows in one statement
    (grouping.py): the rows are read once, however many tables break them down."""
    counting = [spec for spec in tables if not isinstance(spec, Computed)]
    built: dict[str, Table] = {}
    if counting:
        dimensions = [d for spec in counting for d in (spec.rows, spec.columns)]
        groups = grouped_counts(
            with_aliases(queryset, *[d for d in dimensions if isinstance(d, Dimension)]),
            [spec.part() for spec in counting],
            record_key,
        )
        built = {spec.key: spec.table(g) for spec, g in zip(counting, groups, strict=True)}
    result = []
    for spec in tables:
        table = spec.build(built) if isinstance(spec, Computed) else built[spec.key]
        built[table.key] = table
        result.append(table)
    return result


def count_table(
    queryset: QuerySet,
    *,
    key: str,
    title: str,
    rows: Dimension,
    columns: Dimension,
    measure: str | None = None,
    record_key: str = "record_key",
    note: str = "",
) -> Table:
    """A cross-tabulation of `queryset` by two single-valued dimensions, with every total, in
    one statement (a table of its own; `tabulate` counts several from the same rows)."""
    spec = CrossTab(key, title, rows, columns, measure=measure, note=note)
    return tabulate(queryset, [spec], record_key)[0]


def with_aliases(queryset: QuerySet, *dimensions: Dimension) -> QuerySet:
    """The queryset with the computed expressions the dimensions group by, in order (an alias
    two dimensions share, such as the birth year, once)."""
    aliases: dict = {}
    for dimension in dimensions:
        aliases |= {n: e for n, e in dimension.alias.items() if n not in aliases}
    for name, expression in aliases.items():
        queryset = queryset.annotate(**{name: expression})
    return queryset


def format_value(value: Number | None, unit: Unit) -> str:
    """The cell's text, as every page shows figures (core.figures): 12 345, 75 %, 2,5."""
    if unit is Unit.PERCENT:
        return figures.percent(value, 0)
    if unit is Unit.MEAN:
        return figures.MISSING if value is None else figures.fixed(value, 1)
    return figures.count(value)

"""One statement for many tables: the rows a report counts are read once (a materialised CTE of
the queryset with every value the tables group by), each table's cells are grouped from it, and
the row totals, column totals and grand totals are summed from those cells by the same statement.

On PostgreSQL every grouping is made in one pass over the rows (GROUPING SETS: one hash table
per grouping, filled from each row as it is read), and each table reads its own few groups from
the result; SQLite, which has no grouping sets, groups the rows once per table.

Every cell is a count with the sum of its records' keys, computed by the database; the rows
themselves never reach Python. A count of rows falls in exactly one cell of its table, so a
total summed from the cells is the count of its rows and carries the sum of their keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Case, Expression, F, IntegerField, Q, QuerySet, Value, When

from samordna.core.record_keys import Counted


class Level(IntEnum):
    """Which grouping a result row belongs to."""

    CELL = 0
    ROW_TOTAL = 1
    COLUMN_TOTAL = 2
    GRAND_TOTAL = 3


@dataclass(frozen=True)
class Group:
    level: Level
    row: object
    column: object
    count: Counted


@dataclass(frozen=True)
class Crossing:
    """The rows meeting `where`, counted by `row` × `column` (fields or aliases of the
    queryset); `measure` sums a field instead of counting rows (count registrations)."""

    row: str
    column: str
    where: Q = field(default_factory=Q)
    measure: str | None = None


@dataclass(frozen=True)
class Flagging:
    """The rows meeting `where` counted for each of several conditions that may overlap (one
    result row per condition, named by its position) by `column`, or in all without one. A
    condition is the flags that must all hold (an income source at start and one at the end):
    each flag is tested once per row, however many conditions name it."""

    flags: tuple[tuple[Q, ...], ...]
    column: str | None
    where: Q = field(default_factory=Q)


Part = Crossing | Flagging

# The base's columns: none of them may be a field name of a counted model.
_KEY = "cell_key"

_TOTALS = """
SELECT part, r, c, 0, n, k FROM cells
UNION ALL SELECT part, r, NULL, 1, SUM(n), SUM(k) FROM cells GROUP BY part, r
UNION ALL SELECT part, NULL, c, 2, SUM(n), SUM(k) FROM cells GROUP BY part, c
UNION ALL SELECT part, NULL, NULL, 3, SUM(n), SUM(k) FROM cells GROUP BY part
"""


def grouped_counts(
    queryset: QuerySet, parts: Sequence[Part], record_key: str = "record_key"
) -> list[list[Group]]:
    """Each part's groups (cells and every total), all in one query over `queryset`'s rows."""
    # Personal data must have been scoped before it is read, here as in any other query.
    check_scoped = getattr(queryset, "_check_restricted", None)
    if check_scoped is not None:
        check_scoped()
    connection = connections[queryset.db]
    base = _Base(parts, connection.vendor == "postgresql")
    try:
        sql, params = base.inner(queryset, record_key).query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing (an empty list of interventions)
        return [[Group(Level.GRAND_TOTAL, None, None, Counted(0, 0))] for _part in parts]
    quote = connection.ops.quote_name
    ctes = [f"base AS MATERIALIZED ({sql})", *base.grouped_cte(quote), *base.held_ctes(quote)]
    cells = []
    for number, part in enumerate(parts):
        if isinstance(part, Crossing):
            cells.append(base.crossing(number, part, quote))
        else:
            ctes.append(base.flagging_cte(number, part))
            cells += base.flagging_cells(number, part)
    ctes.append("cells AS MATERIALIZED (" + "\nUNION ALL ".join(cells) + ")")
    statement = "WITH " + ",\n".join(ctes) + _TOTALS
    groups: list[list[Group]] = [[] for _part in parts]
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        for number, row, column, level, n, key in cursor.fetchall():
            groups[number].append(
                Group(Level(level), row, column, Counted(int(n), key and int(key)))
            )
    return groups


class _Base:
    """The columns of the materialised rows: one per field grouped by and one 0/1 flag per
    condition a part is limited to. A field that only rows meeting one condition are grouped
    by is computed only for those rows (an age or a waiting time only for those started).

    The flags of the flagging parts with the same column and condition are one column: which
    flags the row holds, as the bits of one number, computed only for the rows meeting the
    condition. The rows are grouped by the column and that number (a few hundred groups
    however many rows), and each condition of the parts summed over the groups.

    With `grouping_sets`, the groupings (each the condition's flag and the columns) are all
    made by one GROUPING SETS aggregate, `grouped`, and each is read from it by its GROUPING()
    bits: the rows are read once, instead of once per table and sorted for each.
    """

    def __init__(self, parts: Sequence[Part], grouping_sets: bool = False) -> None:
        self.conditions: dict[Q, str] = {}
        self.fields: dict[str, str] = {}
        self.bits: dict[tuple[str | None, Q], dict[Q, int]] = {}
        wheres: dict[str, set[Q]] = {}
        for part in parts:
            self._flag(part.where)
            used = [part.column] if part.column else []
            if isinstance(part, Crossing):
                used += [part.row, *([part.measure] if part.measure else [])]
            else:
                bits = self.bits.setdefault((part.column, part.where), {})
                for flag in (q for flags in part.flags for q in flags if q):
                    bits.setdefault(flag, 1 << len(bits))
            for name in used:
                self.fields.setdefault(name, f"cell_{len(self.fields)}")
                wheres.setdefault(name, set()).add(part.where)
        self.only_where = {
            name: next(iter(conditions))
            for name, conditions in wheres.items()
            if len(conditions) == 1 and next(iter(conditions))
        }
        self.sets: dict[tuple[str, ...], None] = {}  # each grouping's columns, in order
        self.measures: dict[str, str] = {}  # a summed column: its sum's name in `grouped`
        if grouping_sets:
            self._sets(parts)

    def _sets(self, parts: Sequence[Part]) -> None:
        for part in parts:
            if isinstance(part, Crossing):
                self.sets[self._grouping(part.where, part.row, part.column)] = None
                if part.measure:
                    self.measures.setdefault(self.fields[part.measure], f"m{len(self.measures)}")
        for number, (column, where) in enumerate(self.bits):
            self.sets[self._grouping(where, column, held=number)] = None
        # GROUPING() takes at most 31 arguments: beyond, each table groups the rows itself.
        if len(self._grouped_columns()) > 31:
            self.sets, self.measures = {}, {}

    def _grouping(self, where: Q, *fields: str | None, held: int | None = None) -> tuple:
        """The columns of one grouping: its condition's flag (only the rows meeting it are
        counted), the fields' columns, and the flags held."""
        columns = [self.conditions[where]] if where else []
        columns += [self.fields[name] for name in fields if name]
        columns += [f"cell_h{held}"] if held is not None else []
        return tuple(dict.fromkeys(columns))

    def _grouped_columns(self) -> list[str]:
        return list(dict.fromkeys(column for columns in self.sets for column in columns))

    def _flag(self, condition: Q) -> None:
        if condition and condition not in self.conditions:
            self.conditions[condition] = f"cell_w{len(self.conditions)}"

    def inner(self, queryset: QuerySet, record_key: str) -> QuerySet:
        selected: dict[str, F | Expression] = {_KEY: F(record_key)}
        for name, column in self.fields.items():
            where = self.only_where.get(name)
            selected[column] = F(name) if where is None else Case(When(where, then=F(name)))
        for condition, column in self.conditions.items():
            selected[column] = _case(condition, Value(1))
        for number, ((_column, where), bits) in enumerate(self.bits.items()):
            held = sum((_case(flag, Value(bit)) for flag, bit in bits.items()), Value(0))
            selected[f"cell_h{number}"] = _case(where, held) if where else held
        return queryset.order_by().values(**selected)

    def _where(self, where: Q, quote) -> str:
        return f"WHERE {quote(self.conditions[where])} = 1" if where else ""

    def grouped_cte(self, quote) -> list[str]:
        """Every grouping in one pass over the rows (see the class), or none without sets."""
        if not self.sets:
            return []
        columns = ", ".join(quote(column) for column in self._grouped_columns())
        sets = ", ".join(
            "(" + ", ".join(quote(column) for column in grouping) + ")" for grouping in self.sets
        )
        sums = "".join(f", SUM({quote(column)}) AS {m}" for column, m in self.measures.items())
        return [
            f"grouped AS MATERIALIZED (SELECT GROUPING({columns}) AS grouping_bits, {columns}, "
            f"COUNT(*) AS n, SUM({quote(_KEY)}) AS k{sums} FROM base "
            f"GROUP BY GROUPING SETS ({sets}))"
        ]

    def _counted(
        self, where: Q, grouping: tuple[str, ...], quote, measure: str | None = None
    ) -> tuple[str, str, str]:
        """The count (or the measure's sum), the key sum and the FROM clause of the rows
        meeting `where` grouped by the `grouping`'s columns: read from `grouped` (the bits of
        GROUPING() are 0 for the columns grouped by, 1 for the others), or grouped here."""
        if self.sets:
            columns = self._grouped_columns()
            bits = sum(
                1 << (len(columns) - 1 - i) for i, c in enumerate(columns) if c not in grouping
            )
            condition = f"AND {quote(self.conditions[where])} = 1" if where else ""
            counted = f"COALESCE({self.measures[measure]}, 0)" if measure else "n"
            return counted, "k", f"FROM grouped WHERE grouping_bits = {bits} {condition}"
        counted = f"COALESCE(SUM({quote(measure)}), 0)" if measure else "COUNT(*)"
        grouped = ", ".join(
            quote(column) for column in grouping if column not in self.conditions.values()
        )
        return (
            counted,
            f"SUM({quote(_KEY)})",
            f"FROM base {self._where(where, quote)} GROUP BY {grouped}",
        )

    def crossing(self, number: int, part: Crossing, quote) -> str:
        row, column = quote(self.fields[part.row]), quote(self.fields[part.column])
        measure = self.fields[part.measure] if part.measure else None
        grouping = self._grouping(part.where, part.row, part.column)
        counted, key, source = self._counted(part.where, grouping, quote, measure)
        return (
            f"SELECT {number} AS part, CAST({row} AS text) AS r, CAST({column} AS text) AS c, "
            f"{counted} AS n, {key} AS k {source}"
        )

    def held_ctes(self, quote) -> list[str]:
        """The flagging parts' groups, by column and the flags held (see the class)."""
        ctes = []
        for number, (column, where) in enumerate(self.bits):
            grouping = self._grouping(where, column, held=number)
            counted, key, source = self._counted(where, grouping, quote)
            ctes.append(
                f"held{number} AS MATERIALIZED (SELECT "
                f"{quote(self.fields[column]) if column else 'NULL'} AS c, "
                f"{quote(f'cell_h{number}')} AS held, {counted} AS n, {key} AS k {source})"
            )
        return ctes

    def flagging_cte(self, number: int, part: Flagging) -> str:
        """Every condition of the part counted in one pass over its groups."""
        grouping = (part.column, part.where)
        bits = self.bits[grouping]
        sums = []
        for i, conditions in enumerate(part.flags):
            mask = sum(bits[q] for q in conditions if q)
            sums.append(
                f"SUM(CASE WHEN (held & {mask}) = {mask} THEN n ELSE 0 END) AS n{i}, "
                f"SUM(CASE WHEN (held & {mask}) = {mask} THEN k ELSE 0 END) AS k{i}"
            )
        return (
            f"flags{number} AS MATERIALIZED (SELECT CAST(c AS text) AS c, {', '.join(sums)} "
            f"FROM held{list(self.bits).index(grouping)} GROUP BY c)"
        )

    def flagging_cells(self, number: int, part: Flagging) -> list[str]:
        """The part's conditions as rows, read from its flags in one reference: SQLite writes
        a CTE's program again at every reference, and one reference per condition (110 for an
        outcomes report) made a statement that took 0.5 s and 180 MB to prepare."""
        positions = " UNION ALL ".join(f"SELECT {i} AS i" for i in range(len(part.flags)))
        counts = " ".join(f"WHEN {i} THEN n{i}" for i in range(len(part.flags)))
        keys = " ".join(f"WHEN {i} THEN k{i}" for i in range(len(part.flags)))
        return [
            f"SELECT {number} AS part, CAST(i AS text) AS r, c, CASE i {counts} END AS n, "
            f"CASE i {keys} END AS k FROM flags{number} CROSS JOIN ({positions}) AS positions"
        ]


def _case(condition: Q, then: Expression) -> Case:
    """`then` for the rows meeting the condition, 0 for the others."""
    return Case(When(condition, then=then), default=Value(0), output_field=IntegerField())

"""One statement per cross-table: the cells, the row totals, the column totals and the grand total,
each with its count and the sum of its records' keys, computed by the database in one query.

PostgreSQL groups by GROUPING SETS. SQLite has none, so there the same figures come from one
statement of four GROUP BYs joined by UNION ALL over the filtered rows, materialised once.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import F, QuerySet

from samordna.core.record_keys import Counted


class Level(IntEnum):
    """Which grouping a result row belongs to (PostgreSQL's GROUPING(row, column) bits)."""

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


# Names of the inner query's columns: none of them may be a field name of a counted model.
_ROW, _COLUMN, _MEASURE, _KEY, _RECORD = (
    "cell_row",
    "cell_column",
    "cell_measure",
    "cell_key",
    "cell_record",
)

_POSTGRESQL = """
SELECT {row}, {column}, GROUPING({row}, {column}), {aggregate}, SUM({key})
FROM ({inner}) AS counted
GROUP BY GROUPING SETS (({row}, {column}), ({row}), ({column}), ())
"""

_SQLITE = """
WITH counted AS MATERIALIZED ({inner})
SELECT {row}, {column}, 0, {aggregate}, SUM({key}) FROM counted GROUP BY {row}, {column}
UNION ALL SELECT {row}, NULL, 1, {aggregate}, SUM({key}) FROM counted GROUP BY {row}
UNION ALL SELECT NULL, {column}, 2, {aggregate}, SUM({key}) FROM counted GROUP BY {column}
UNION ALL SELECT NULL, NULL, 3, {aggregate}, SUM({key}) FROM counted
"""


def grouped_counts(
    queryset: QuerySet,
    row: str,
    column: str,
    *,
    measure: str | None = None,
    record_key: str = "record_key",
    distinct: str | None = None,
) -> list[Group]:
    """Counts of `queryset` by `row` × `column` at every level of totals, in one query.

    `measure` sums a field instead of counting rows (count registrations hold a number);
    `distinct` names the record counted once however many rows lead to it (a participant with
    two enrolments), so its key is summed once too.
    """
    # Personal data must have been scoped before it is read, here as in any other query.
    check_scoped = getattr(queryset, "_check_restricted", None)
    if check_scoped is not None:
        check_scoped()
    selected = {_ROW: F(row), _COLUMN: F(column), _KEY: F(record_key)}
    if measure:
        selected[_MEASURE] = F(measure)
    if distinct:
        selected[_RECORD] = F(distinct)
    inner = queryset.order_by().values(**selected)
    if distinct:
        inner = inner.distinct()
    connection = connections[queryset.db]
    quote = connection.ops.quote_name
    names = {
        "row": quote(_ROW),
        "column": quote(_COLUMN),
        "key": quote(_KEY),
        "aggregate": f"COALESCE(SUM({quote(_MEASURE)}), 0)" if measure else "COUNT(*)",
    }
    try:
        sql, params = inner.query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing (an empty list of interventions)
        return [Group(Level.GRAND_TOTAL, None, None, Counted(0, 0))]
    template = _POSTGRESQL if connection.vendor == "postgresql" else _SQLITE
    with connection.cursor() as cursor:
        cursor.execute(template.format(inner=sql, **names), params)
        return [
            Group(Level(level), row_value, column_value, Counted(n, key))
            for row_value, column_value, level, n, key in cursor.fetchall()
        ]

"""Small-cell protection: counts under the förbund's threshold are hidden, and enough other
cells are hidden with them that no hidden count can be worked out from a row's or a column's
total (secondary suppression)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from samordna.reports.tables import Number, Table, Unit, format_value

Position = tuple[int, int]


def grid(table: Table) -> dict[Position, Number | None]:
    """The table as positions (row, column); the last row and column hold the totals."""
    height, width = len(table.rows), len(table.columns)
    values: dict[Position, Number | None] = {}
    for i, row in enumerate(table.rows):
        for j, column in enumerate(table.columns):
            values[(i, j)] = table.value(row.code, column.code)
        if table.row_totals is not None:
            values[(i, width)] = table.row_totals.get(row.code, 0)
    if table.column_totals is not None:
        for j, column in enumerate(table.columns):
            values[(height, j)] = table.column_totals.get(column.code, 0)
        if table.row_totals is not None:
            values[(height, width)] = table.grand_total
    return values


def lines(table: Table) -> list[list[Position]]:
    """Every row and column that adds up to a published total; the total comes last."""
    height, width = len(table.rows), len(table.columns)
    result = []
    if table.row_totals is not None:
        result += [[(i, j) for j in range(width + 1)] for i in range(height)]
    if table.column_totals is not None:
        result += [[(i, j) for i in range(height + 1)] for j in range(width)]
    if table.row_totals is not None and table.column_totals is not None:
        result.append([(i, width) for i in range(height + 1)])
        result.append([(height, j) for j in range(width + 1)])
    return result


def hidden_positions(table: Table, threshold: int) -> set[Position]:
    """Primary suppression of small counts, then secondary suppression until every line that
    sums to a total holds no hidden cell or at least two."""
    values = grid(table)
    width = len(table.columns)
    # Only counts of people are protected; shares and amounts beside them are left to the
    # report, which leaves out a share that rests on a small count.
    counts = {j for j, c in enumerate(table.columns) if table.unit_of(c.code) is Unit.COUNT}
    if table.row_totals is not None:
        counts.add(width)
    hidden = {
        p
        for p, value in values.items()
        if p[1] in counts and value is not None and value < threshold
    }
    table_lines = lines(table)
    changed = True
    while changed:
        changed = False
        for line in table_lines:
            if sum(p in hidden for p in line) != 1:
                continue
            # Hide the smallest other cell; the line's total only if no other cell is left.
            others = [p for p in line if p not in hidden]
            if not others:
                continue  # a line of one position: nothing to subtract from
            others.sort(key=lambda p: (p == line[-1], values[p] or 0))
            hidden.add(others[0])
            changed = True
    return hidden


@dataclass(frozen=True)
class Cell:
    value: Number | None
    text: str
    hidden: bool = False


@dataclass(frozen=True)
class ShownRow:
    label: str
    cells: list[Cell]
    is_total: bool = False


@dataclass
class ShownTable:
    """A table as a reader sees it: protected unless `exact` (for permitted roles, on screen)."""

    table: Table
    header: list[str]
    body: list[ShownRow]
    exact: bool
    threshold: int

    @property
    def title(self) -> str:
        return self.table.title

    @property
    def has_hidden_cells(self) -> bool:
        return any(cell.hidden for row in self.body for cell in row.cells)


def publish(table: Table, threshold: int, exact: bool = False) -> ShownTable:
    """The table with every protected position shown as "<threshold"."""
    hidden = set() if exact or not table.protected else hidden_positions(table, threshold)
    values = grid(table)
    height, width = len(table.rows), len(table.columns)
    units = [table.unit_of(c.code) for c in table.columns] + [table.unit]

    def cell(position: Position) -> Cell:
        if position in hidden:
            return Cell(None, f"<{threshold}", hidden=True)
        value = values.get(position)
        return Cell(value, format_value(value, units[min(position[1], width)]))

    columns = range(width + 1) if table.row_totals is not None else range(width)
    body = [
        ShownRow(row.label, [cell((i, j)) for j in columns]) for i, row in enumerate(table.rows)
    ]
    if table.column_totals is not None:
        body.append(ShownRow(_("Total"), [cell((height, j)) for j in columns], True))
    header = [table.row_heading] + [c.label for c in table.columns]
    if table.row_totals is not None:
        header.append(_("Total"))
    return ShownTable(table, header, body, exact, threshold)

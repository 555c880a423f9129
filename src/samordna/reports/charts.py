"""A published table's charts (core.charts), repeating what the table beside them says.

They draw protected values, so a hidden count gets no bar, just its "<N" label. Each chart holds
one column of the table, so one unit; a table over periods gets a first-to-latest chart instead.
"""

from dataclasses import dataclass

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from samordna.core import charts
from samordna.reports.protection import Cell, ShownRow, ShownTable
from samordna.reports.tables import Table, Unit, format_value

UNIT_NAMES = {
    Unit.COUNT: lambda: _("Number of people"),
    Unit.NUMBER: lambda: _("Number"),
    Unit.MONEY: lambda: _("Kronor"),
    Unit.PERCENT: lambda: _("Per cent"),
    Unit.MEAN: lambda: _("Mean score"),
}


@dataclass(frozen=True)
class ReportChart:
    caption: str  # what the chart holds, written above it
    svg: SafeString


def _columns(table: Table) -> list[str]:
    """The codes of the shown cells, in order ("" for the total column)."""
    codes = [c.code for c in table.columns]
    return [*codes, ""] if table.row_totals is not None else codes


def _charted(table: Table) -> list[str]:
    if table.charted:
        return table.charted
    if table.row_totals is not None:
        return [""]
    return [table.columns[-1].code] if table.columns else []


def _rows(shown: ShownTable, codes: list[str] | None) -> list[tuple[str, ShownRow]]:
    rows = zip((r.code for r in shown.table.rows), shown.body, strict=False)
    return [(code, row) for code, row in rows if codes is None or code in codes]


def _point(cell: Cell, when: str = "") -> charts.Point | None:
    return None if cell.value is None else charts.Point(float(cell.value), cell.text, when)


def _format(unit: Unit):
    return lambda value: format_value(value, unit)


def _bar_chart(
    shown: ShownTable, chart_id: str, column: str, group: str, rows
) -> ReportChart | None:
    table = shown.table
    position = _columns(table).index(column)
    unit = table.unit_of(column)
    bars = [
        charts.Bar(row.label, _point(row.cells[position]), row.cells[position].text)
        for _code, row in rows
    ]
    values = [bar.point.value for bar in bars if bar.point]
    if not any(values):
        return None
    heading = next((c.label for c in table.columns if c.code == column), _("Total"))
    caption = " – ".join(part for part in (heading, group) if part)
    axis = charts.bar_axis(values, UNIT_NAMES[unit](), _format(unit))
    svg = charts.bar_chart(chart_id, f"{table.title}: {caption}", axis, bars)
    return ReportChart(caption, svg)


def _change(shown: ShownTable, row: ShownRow) -> charts.Change:
    periods = [c.label for c in shown.table.columns]
    points = [_point(cell, when) for cell, when in zip(row.cells, periods, strict=False)]
    known = [p for p in points if p is not None]
    if len(known) < 2:
        return charts.Change(row.label, None, known[0] if known else None)
    return charts.Change(row.label, known[0], known[-1])


def _change_chart(shown: ShownTable, chart_id: str) -> ReportChart | None:
    changes = [_change(shown, row) for _code, row in _rows(shown, None)]
    values = [p.value for c in changes for p in (c.first, c.latest) if p]
    if not values:
        return None
    unit = shown.table.unit
    axis = charts.change_axis(values, UNIT_NAMES[unit](), _format(unit))
    caption = _("From the first to the latest period")
    svg = charts.change_chart(
        chart_id,
        f"{shown.title}: {caption}",
        axis,
        changes,
        first=_("First period with a value"),
        latest=_("Latest period with a value"),
    )
    return ReportChart(caption, svg)


def table_charts(shown: ShownTable, chart_id: str) -> list[ReportChart]:
    """The table's charts, each with an id unique on the page; none where nothing is drawn."""
    table = shown.table
    if table.over_time:
        found = [_change_chart(shown, chart_id)]
    else:
        groups: dict[str, list[str] | None] = {**table.row_groups} or {"": None}
        found = [
            _bar_chart(shown, f"{chart_id}-{i}-{j}", column, group, _rows(shown, codes))
            for i, column in enumerate(_charted(table))
            for j, (group, codes) in enumerate(groups.items())
            if codes is None or len(codes) > 1
        ]
    return [chart for chart in found if chart is not None]

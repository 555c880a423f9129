"""Server-rendered bar charts as inline SVG: one bar per row of a published table.

The chart only repeats what the table beside it says; it draws protected values, so a hidden
count gets no bar, just its "<N" label.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from samordna.reports.protection import ShownTable

BAR_HEIGHT = 22
LABEL_WIDTH = 220
BAR_AREA = 300
VALUE_WIDTH = 90


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    y: int
    width: int


@dataclass(frozen=True)
class Chart:
    description: str
    bars: list[Bar]
    height: int
    label_width: int = LABEL_WIDTH
    width: int = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH


def bar_chart(shown: ShownTable) -> Chart | None:
    """Bars of each row's total (or its only value); None when there is nothing to draw."""
    rows = [row for row in shown.body if not row.is_total and row.cells]
    points = [(row.label, row.cells[-1]) for row in rows]
    largest = max((float(cell.value) for _label, cell in points if cell.value), default=0)
    if not largest:
        return None
    bars = [
        Bar(label, cell.text, i * BAR_HEIGHT, int(BAR_AREA * float(cell.value or 0) / largest))
        for i, (label, cell) in enumerate(points)
    ]
    summary = "; ".join(f"{label}: {cell.text}" for label, cell in points)
    description = _("Bar chart of %(title)s. %(summary)s") % {
        "title": shown.title,
        "summary": summary,
    }
    return Chart(description, bars, len(bars) * BAR_HEIGHT)

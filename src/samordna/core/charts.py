"""Charts as inline SVG drawn on the server, so they show in PDFs and without JavaScript: bars of
one measure per row, and first-to-latest (dumbbell) charts that show change.

Every chart has one unit on its axis (named under it), labels of at least 12 px that wrap, and
are abbreviated only with the full text in a <title>, and role="img" with a title and a
description that says what the chart shows. The page puts the same numbers in a table beside it.
"""

import math
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

FONT = 13  # px; the smallest text in a chart
LINE = 17  # px between the lines of a wrapped label
LABEL_CHARS = 30  # characters of a label line that fit LABEL_WIDTH at FONT
LABEL_LINES = 2
LABEL_WIDTH = 250
PLOT_LEFT = LABEL_WIDTH + 10
PLOT_WIDTH = 290
WIDTH = PLOT_LEFT + PLOT_WIDTH + 100  # room for a value written after the longest bar
AXIS_HEIGHT = 44
TOP = 8
INK, MUTED, GRID, BAR = "#1b1b1b", "#595959", "#c9c9c9", "#1d4f91"

Format = Callable[[float], str]


@dataclass(frozen=True)
class Label:
    """A row's label as drawn: wrapped into lines, abbreviated ("…") only past LABEL_LINES."""

    full: str
    lines: tuple[str, ...]

    @property
    def abbreviated(self) -> bool:
        return " ".join(self.lines) != " ".join(self.full.split())


def fit_label(text: str) -> Label:
    lines = textwrap.wrap(text, LABEL_CHARS) or [""]
    if len(lines) > LABEL_LINES:
        lines = lines[:LABEL_LINES]
        lines[-1] = lines[-1][: LABEL_CHARS - 1].rstrip() + "…"
    return Label(text, tuple(lines))


@dataclass(frozen=True)
class Point:
    value: float
    text: str  # the value as the table writes it
    when: str = ""  # the period it belongs to, in a change chart


@dataclass(frozen=True)
class Bar:
    label: str
    point: Point | None  # None: the value is withheld or missing, so no bar
    text: str = ""  # what the table shows instead ("<5", "..", "–")


@dataclass(frozen=True)
class Change:
    label: str
    first: Point | None
    latest: Point | None


@dataclass(frozen=True)
class Axis:
    low: float
    high: float
    unit: str  # named under the axis: one unit per chart
    format: Format

    def x(self, value: float) -> float:
        return round(PLOT_LEFT + PLOT_WIDTH * (value - self.low) / (self.high - self.low), 1)

    def ticks(self) -> list[float]:
        step = _nice_step((self.high - self.low) / 4)
        first = math.ceil(self.low / step) * step
        return [first + i * step for i in range(int((self.high - first) / step + 1e-9) + 1)]


def _nice_step(rough: float) -> float:
    """1, 2, 2.5 or 5 times a power of ten: the step of an axis a reader can follow."""
    power = 10 ** math.floor(math.log10(rough))
    return next(power * f for f in (1, 2, 2.5, 5, 10) if power * f >= rough)


def bar_axis(values: list[float], unit: str, format: Format) -> Axis:
    """Bars start at zero, so their lengths compare; the top is the next round step."""
    low, high = min(0.0, *values), max(0.0, *values)
    step = _nice_step((high - low) / 4 or 1)
    return Axis(math.floor(low / step) * step, math.ceil(high / step) * step or step, unit, format)


def change_axis(values: list[float], unit: str, format: Format) -> Axis:
    """Change is read from positions, not lengths: the axis spans the values, in whole steps."""
    low, high = math.floor(min(values)), math.ceil(max(values))
    return Axis(low, high if high > low else low + 1, unit, format)


def _text(x, y, text: str, anchor: str = "start", size: int = FONT, fill: str = INK) -> str:
    return (
        f'<text x="{x}" y="{y}" text-anchor="{anchor}" font-size="{size}" fill="{fill}">'
        f"{escape(text)}</text>"
    )


def _label(y: float, label: Label) -> str:
    lines = "".join(
        f'<tspan x="0" y="{y + i * LINE}">{escape(line)}</tspan>'
        for i, line in enumerate(label.lines)
    )
    title = f"<title>{escape(label.full)}</title>" if label.abbreviated else ""
    return f'<text class="chart-label" font-size="{FONT}" fill="{INK}">{title}{lines}</text>'


def _row_height(label: Label, least: int) -> int:
    return max(least, len(label.lines) * LINE + 8)


def _axis(axis: Axis, top: float, bottom: float) -> list[str]:
    parts = [
        f'<line x1="{PLOT_LEFT}" y1="{bottom}" x2="{PLOT_LEFT + PLOT_WIDTH}" y2="{bottom}" '
        f'stroke="{MUTED}"/>'
    ]
    for tick in axis.ticks():
        x = axis.x(tick)
        parts.append(f'<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" stroke="{GRID}"/>')
        parts.append(_text(x, bottom + 16, axis.format(tick), "middle", FONT, MUTED))
    parts.append(
        _text(PLOT_LEFT + PLOT_WIDTH / 2, bottom + 36, axis.unit, "middle", FONT, MUTED).replace(
            "<text ", '<text class="chart-unit" ', 1
        )
    )
    return parts


def _svg(chart_id: str, title: str, description: str, height: float, body: list[str]) -> SafeString:
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="DejaVu Sans, Arial, sans-serif">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>' + "".join(body) + "</svg>"
    )


def bar_chart(chart_id: str, title: str, axis: Axis, bars: list[Bar]) -> SafeString:
    """One bar per row from zero, its value written after it; a withheld value gets no bar."""
    body: list[str] = []
    y = TOP
    for bar in bars:
        label = fit_label(bar.label)
        body.append(_label(y + FONT, label))
        if bar.point is None:
            body.append(_text(PLOT_LEFT + 4, y + FONT, bar.text, fill=MUTED))
        else:
            start, end = sorted((axis.x(0), axis.x(bar.point.value)))
            body.append(
                f'<rect x="{start}" y="{y + 2}" width="{round(end - start, 1)}" height="14" '
                f'fill="{BAR}"/>'
            )
            body.append(_text(end + 6, y + FONT, bar.point.text))
        y += _row_height(label, 26)
    summary = "; ".join(f"{b.label}: {b.point.text if b.point else b.text}" for b in bars)
    description = _("Bar chart in %(unit)s. %(summary)s") % {"unit": axis.unit, "summary": summary}
    return _svg(chart_id, title, description, y + AXIS_HEIGHT, _axis(axis, TOP, y) + body)


def _change_row(y: float, axis: Axis, change: Change) -> list[str]:
    """A line from the first value (open circle) to the latest (filled), each value written
    above its point, pushed apart when the points are close."""
    points = [p for p in (change.first, change.latest) if p is not None]
    xs = [axis.x(p.value) for p in points]
    parts = []
    if len(points) == 2:
        parts.append(
            f'<line class="change" x1="{xs[0]}" y1="{y}" x2="{xs[1]}" y2="{y}" '
            f'stroke="{BAR}" stroke-width="3"/>'
        )
        gap = 40 - abs(xs[1] - xs[0])
        if gap > 0:
            direction = 1 if xs[1] >= xs[0] else -1
            text_xs = [xs[0] - direction * gap / 2, xs[1] + direction * gap / 2]
        else:
            text_xs = xs
    else:
        text_xs = xs
    for point, x, text_x in zip(points, xs, text_xs, strict=True):
        latest = point is change.latest
        fill = BAR if latest else "#ffffff"
        parts.append(
            f'<circle class="{"latest" if latest else "first"}" cx="{x}" cy="{y}" r="6" '
            f'fill="{fill}" stroke="{BAR}" stroke-width="2.5"/>'
        )
        parts.append(_text(round(text_x, 1), y - 10, point.text, "middle"))
    return parts


def _change_text(change: Change) -> str:
    points = [p for p in (change.first, change.latest) if p is not None]
    return " → ".join(f"{p.text} ({p.when})" for p in points) or "–"


def change_chart(
    chart_id: str, title: str, axis: Axis, changes: list[Change], first: str, latest: str
) -> SafeString:
    """First-to-latest per row (a dumbbell chart): how far each row moved, and which way."""
    body = [
        f'<circle cx="{PLOT_LEFT + 6}" cy="{TOP + 8}" r="6" fill="#ffffff" stroke="{BAR}" '
        'stroke-width="2.5"/>',
        _text(PLOT_LEFT + 18, TOP + 13, first),
        f'<circle cx="{PLOT_LEFT + 6}" cy="{TOP + 28}" r="6" fill="{BAR}"/>',
        _text(PLOT_LEFT + 18, TOP + 33, latest),
    ]
    y = top = TOP + 44
    for change in changes:
        label = fit_label(change.label)
        body.append(_label(y + 24, label))
        body += _change_row(y + 20, axis, change)
        y += _row_height(label, 40)
    summary = "; ".join(f"{c.label}: {_change_text(c)}" for c in changes)
    description = _("First and latest value in %(unit)s. %(summary)s") % {
        "unit": axis.unit,
        "summary": summary,
    }
    return _svg(chart_id, title, description, y + AXIS_HEIGHT, _axis(axis, top, y) + body)

"""The spider (radar) chart SKAPA users know, drawn as inline SVG on the server.

Each series is told apart by its line pattern and marker as well as its colour, and the page
always shows the same numbers in a table beside the chart.
"""

import math
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Wide enough for the axis labels left and right of the chart.
WIDTH = 700
SIZE = 420
CENTRE_X = WIDTH / 2
CENTRE = SIZE / 2
RADIUS = 140
STYLES = [
    {"stroke": "#0b4f6c", "dash": "", "fill": "rgba(11,79,108,0.12)"},
    {"stroke": "#a4161a", "dash": "8 4", "fill": "none"},
    {"stroke": "#1e6b30", "dash": "2 3", "fill": "none"},
]


@dataclass(frozen=True)
class Series:
    label: str
    values: list[float | None]  # one per axis, None where not answered


def _point(axis: int, axes: int, fraction: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * axis / axes
    return (
        round(CENTRE_X + RADIUS * fraction * math.cos(angle), 1),
        round(CENTRE + RADIUS * fraction * math.sin(angle), 1),
    )


def _fraction(value: float, low: int, high: int) -> float:
    return max(0.0, min(1.0, (value - low) / (high - low)))


def _grid(axes: int, labels: list[str], low: int, high: int) -> list[str]:
    parts = []
    for ring in range(1, 5):
        points = " ".join(f"{x},{y}" for x, y in (_point(a, axes, ring / 4) for a in range(axes)))
        parts.append(f'<polygon points="{points}" fill="none" stroke="#c9c9c9"/>')
    for axis, label in enumerate(labels):
        x, y = _point(axis, axes, 1)
        lx, ly = _point(axis, axes, 1.18)
        anchor = "middle" if abs(lx - CENTRE_X) < 10 else ("start" if lx > CENTRE_X else "end")
        parts.append(f'<line x1="{CENTRE_X}" y1="{CENTRE}" x2="{x}" y2="{y}" stroke="#c9c9c9"/>')
        parts.append(
            f'<text x="{lx}" y="{ly}" text-anchor="{anchor}" font-size="11" '
            f'dominant-baseline="middle">{escape(label)}</text>'
        )
    parts.append(f'<text x="{CENTRE_X + 3}" y="{CENTRE - 3}" font-size="10">{low}</text>')
    top_x, top_y = _point(0, axes, 1)
    parts.append(f'<text x="{top_x + 4}" y="{top_y + 10}" font-size="10">{high}</text>')
    return parts


def _series(index: int, series: Series, axes: int, low: int, high: int) -> list[str]:
    style = STYLES[index % len(STYLES)]
    points = [
        _point(axis, axes, _fraction(value, low, high))
        for axis, value in enumerate(series.values)
        if value is not None
    ]
    if not points:
        return []
    path = " ".join(f"{x},{y}" for x, y in points)
    dash = f' stroke-dasharray="{style["dash"]}"' if style["dash"] else ""
    parts = [
        f'<polygon points="{path}" fill="{style["fill"]}" stroke="{style["stroke"]}" '
        f'stroke-width="2.5"{dash}/>'
    ]
    for x, y in points:
        if index % 2:
            parts.append(
                f'<rect x="{x - 3.5}" y="{y - 3.5}" width="7" height="7" fill="{style["stroke"]}"/>'
            )
        else:
            parts.append(f'<circle cx="{x}" cy="{y}" r="4" fill="{style["stroke"]}"/>')
    return parts


def _legend(series: list[Series]) -> list[str]:
    parts = []
    for index, item in enumerate(series):
        style = STYLES[index % len(STYLES)]
        y = SIZE + 10 + 20 * index
        dash = f' stroke-dasharray="{style["dash"]}"' if style["dash"] else ""
        parts.append(
            f'<line x1="20" y1="{y}" x2="60" y2="{y}" stroke="{style["stroke"]}" '
            f'stroke-width="2.5"{dash}/>'
        )
        parts.append(f'<text x="70" y="{y + 4}" font-size="12">{escape(item.label)}</text>')
    return parts


def radar_svg(
    title: str,
    labels: list[str],
    series: list[Series],
    low: int,
    high: int,
    chart_id: str = "radar",
) -> SafeString:
    """An accessible SVG radar chart: role="img" with a title naming what it shows.

    `chart_id` must be unique on the page: it names the title the chart is labelled by.
    """
    axes = len(labels)
    if axes < 3:
        return mark_safe("")
    height = SIZE + 20 * len(series) + 10
    body = _grid(axes, labels, low, high)
    for index, item in enumerate(series):
        body += _series(index, item, axes, low, high)
    body += _legend(series)
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
        f'height="{height}" role="img" aria-labelledby="{chart_id}-title">'
        f'<title id="{chart_id}-title">{escape(title)}</title>' + "".join(body) + "</svg>"
    )

"""Report charts as a reader sees them: change from first to latest, one unit per axis, whole
labels."""

import re
from decimal import Decimal
from xml.etree import ElementTree

from samordna.funding.models import ForbundBudget
from samordna.reports.charts import table_charts
from samordna.reports.protection import Protection, publish
from samordna.reports.tables import WITHHELD, Category, Ratio, Table, Unit
from samordna.reports.tests.helpers import published

SVG = "{http://www.w3.org/2000/svg}"
TERTIALS = [Category("1", "T1 2025"), Category("2", "T2 2025"), Category("3", "T3 2025")]
WORK = "SKAPA: Arbete och sysselsättning (deltagare)"


def _svg(chart) -> ElementTree.Element:
    return ElementTree.fromstring(str(chart.svg))


def _texts(svg) -> list[str]:
    return ["".join(t.itertext()).strip() for t in svg.iter(f"{SVG}text")]


def _means(cells) -> Table:
    return Table(
        key="mean_scores",
        title="Medelvärde per indikatorområde och tertial",
        row_heading="Instrument och område",
        rows=[Category(WORK, WORK)],
        columns=TERTIALS,
        cells=cells,
        unit=Unit.MEAN,
        over_time=True,
    )


def test_a_progression_from_2_1_to_2_9_is_two_points_on_one_line_both_labelled():
    table = _means(
        {(WORK, "1"): Decimal("2.1"), (WORK, "2"): WITHHELD, (WORK, "3"): Decimal("2.9")}
    )
    (chart,) = table_charts(publish(table, Protection(5)), "chart-1")
    svg = _svg(chart)
    (line,) = svg.findall(f".//{SVG}line[@class='change']")
    first, latest = (svg.find(f".//{SVG}circle[@class='{c}']") for c in ("first", "latest"))
    assert (first.get("cx"), first.get("cy")) == (line.get("x1"), line.get("y1"))
    assert (latest.get("cx"), latest.get("cy")) == (line.get("x2"), line.get("y2"))
    assert float(latest.get("cx")) > float(first.get("cx"))
    assert {"2,1", "2,9"} <= set(_texts(svg))
    description = svg.find(f"{SVG}desc").text
    assert "2,1 (T1 2025) → 2,9 (T3 2025)" in description
    assert svg.get("role") == "img"


def test_a_single_measured_period_is_one_point_without_a_line():
    (chart,) = table_charts(publish(_means({(WORK, "2"): Decimal("3.4")}), Protection(5)), "c")
    svg = _svg(chart)
    assert not list(svg.findall(f".//{SVG}line[@class='change']"))
    assert "3,4" in _texts(svg)


def _units(chart) -> list[str]:
    return [t.text for t in _svg(chart).iter(f"{SVG}text") if t.get("class") == "chart-unit"]


def test_amounts_and_shares_are_drawn_on_separate_axes():
    rows = [Category("1", "Samverkansteam"), Category("2", "Aktivera")]
    money = Table(
        key="money",
        title="Budget, beviljade medel och rekvisitioner per insats",
        row_heading="Insats",
        rows=rows,
        columns=[Category(c, c) for c in ("granted", "claimed", "utilisation")],
        cells={
            ("1", "granted"): Decimal(800_000),
            ("1", "claimed"): Decimal(620_000),
            ("2", "granted"): Decimal(300_000),
            ("2", "claimed"): Decimal(290_000),
        },
        unit=Unit.MONEY,
        ratios={"utilisation": Ratio("claimed", "granted")},
        charted=["claimed", "utilisation"],
    )
    charts = table_charts(publish(money, Protection(5)), "money")
    assert [_units(chart) for chart in charts] == [["Kronor"], ["Procent"]]
    assert "78 %" in [text.replace("\xa0", " ") for text in _texts(_svg(charts[1]))]


def test_income_equity_and_costs_never_share_an_axis(tenant):
    ForbundBudget.objects.create(
        forbund=tenant.forbund,
        year=2025,
        allocated_funds=2_000_000,
        opening_equity=2_400_000,
        administration_costs=400_000,
        board_costs=90_000,
        audit_costs=60_000,
    )
    (chart,) = table_charts(published(tenant, "finsam")["finsam_forbund"], "forbund")
    labels = " ".join(_texts(_svg(chart)))
    assert "Administration" in labels and "Revision" in labels
    assert "Eget kapital" not in labels and "Tilldelade medel" not in labels
    assert _units(chart) == ["Kronor"]


def test_long_labels_wrap_at_a_readable_size_and_keep_their_full_text():
    long = "SKAPA: Hälsa, ork och förmåga att delta i arbetslivet på egna villkor (deltagare)"
    table = _means({(long, "1"): Decimal("2.0"), (long, "3"): Decimal("3.0")})
    table.rows = [Category(long, long)]
    (chart,) = table_charts(publish(table, Protection(5)), "c")
    svg = _svg(chart)
    sizes = {float(size) for size in re.findall(r'font-size="([\d.]+)"', chart.svg)}
    assert min(sizes) >= 12
    (label,) = [t for t in svg.iter(f"{SVG}text") if t.get("class") == "chart-label"]
    lines = [span.text for span in label.iter(f"{SVG}tspan")]
    assert len(lines) == 2 and all(len(line) <= 30 for line in lines)
    assert lines[-1].endswith("…")
    assert label.find(f"{SVG}title").text == long


def test_a_table_without_columns_has_no_chart():
    empty = Table(
        key="goals",
        title="Måluppfyllelse",
        row_heading="Mål",
        rows=[Category("1", "Fler i arbete")],
        columns=[],
        cells={},
    )
    assert table_charts(publish(empty, Protection(5)), "goals") == []

"""Publishing a table: a count under the threshold, 0 included, reads "<N" (and only such a
count does), larger counts are published within their band, shares come from published counts
and are left out as ".." where they would give a small count away."""

from hypothesis import given, settings
from hypothesis import strategies as st

from samordna.core.record_keys import RECORD_KEY_RANGE, Counted
from samordna.reports.perturbation import band
from samordna.reports.protection import NOT_SHOWN, Protection, footnote, legend, publish
from samordna.reports.tables import WITHHELD, Category, Ratio, Table, Unit

PROTECTION = Protection(threshold=5)
keys = st.integers(0, RECORD_KEY_RANGE - 1)


def table_of(values: list[list[Counted]], **options) -> Table:
    rows = [Category(f"r{i}", f"Rad {i}") for i in range(len(values))]
    columns = [Category(f"c{j}", f"Kolumn {j}") for j in range(len(values[0]))]
    cells = {
        (r.code, c.code): values[i][j] for i, r in enumerate(rows) for j, c in enumerate(columns)
    }

    def total(counts) -> Counted:
        counts = list(counts)
        return Counted(sum(counts), sum(c.key for c in counts))

    return Table(
        key="t",
        title="Test",
        row_heading="Rad",
        rows=rows,
        columns=columns,
        cells=cells,
        row_totals={r.code: total(values[i]) for i, r in enumerate(rows)},
        column_totals={c.code: total(v[j] for v in values) for j, c in enumerate(columns)},
        grand_total=total(c for v in values for c in v),
        **options,
    )


counted = st.builds(Counted, st.integers(0, 60), keys)
matrices = st.integers(1, 4).flatmap(
    lambda width: st.lists(
        st.lists(counted, min_size=width, max_size=width), min_size=1, max_size=5
    )
)


@settings(max_examples=200, deadline=None)
@given(matrices, st.integers(3, 12))
def test_only_a_count_under_the_threshold_reads_as_under_it(values, threshold):
    """No secondary suppression: "<N" always means fewer than N, and every other count is
    published within its band."""
    table = table_of(values)
    shown = publish(table, Protection(threshold))
    for i, row in enumerate(values):
        for j, count in enumerate(row):
            cell = shown.body[i].cells[j]
            if count < threshold:
                assert cell.text == f"<{threshold}" and cell.hidden
            else:
                assert cell.value in band(count, threshold)


@given(st.integers(5, 500), keys)
def test_the_same_records_always_give_the_same_published_count(count, key):
    first = publish(table_of([[Counted(count, key)]]), PROTECTION)
    again = publish(table_of([[Counted(count, key)]]), PROTECTION)
    assert first.body[0].cells[0] == again.body[0].cells[0]


def test_exact_counts_show_everything():
    shown = publish(table_of([[Counted(1, 3), Counted(2, 9)]]), PROTECTION, exact=True)
    assert [cell.text for cell in shown.body[0].cells] == ["1", "2", "3"]
    assert not shown.has_hidden_cells and not shown.is_protected


def _goal_table(reached: int, counted: int) -> Table:
    return Table(
        key="goals",
        title="Mål",
        row_heading="Mål",
        rows=[Category("g", "Mål")],
        columns=[
            Category("reached", "Nådde"),
            Category("counted", "Räknade"),
            Category("share", ""),
        ],
        cells={("g", "reached"): Counted(reached, 17), ("g", "counted"): Counted(counted, 200)},
        ratios={"share": Ratio("reached", "counted")},
    )


def test_a_share_is_left_out_when_its_complement_is_small():
    """'Reached 6 of 7' would say that one person did not reach it."""
    shown = publish(_goal_table(6, 7), PROTECTION)
    reached, counted, share = shown.body[0].cells
    assert share.text == NOT_SHOWN and share.hidden
    assert reached.value in band(6, 5) and counted.value in band(7, 5)


def test_a_share_is_computed_from_the_published_counts():
    shown = publish(_goal_table(20, 40), PROTECTION)
    reached, counted, share = shown.body[0].cells
    assert share.value == 100 * reached.value / counted.value


def test_a_share_of_a_small_count_is_left_out_but_shown_exactly_on_screen():
    assert publish(_goal_table(3, 40), PROTECTION).body[0].cells[2].text == NOT_SHOWN
    assert publish(_goal_table(3, 40), PROTECTION, exact=True).body[0].cells[2].text == "8\u00a0%"


def test_a_figure_withheld_by_the_report_reads_as_not_shown():
    table = Table(
        key="means",
        title="Medel",
        row_heading="Område",
        rows=[Category("a", "A")],
        columns=[Category("1", "T1")],
        cells={("a", "1"): WITHHELD},
        unit=Unit.MEAN,
    )
    assert publish(table, PROTECTION).body[0].cells[0].text == NOT_SHOWN


def test_the_legend_explains_every_symbol_a_published_table_uses():
    symbols = [symbol for symbol, _meaning in legend(5)]
    assert symbols == ["<5", NOT_SHOWN, "–"]
    assert "skyddade" in footnote()  # in Swedish, the default language


def test_a_table_without_rows_is_published():
    table = Table(
        key="t",
        title="Tom",
        row_heading="Rad",
        rows=[],
        columns=[Category("c", "Kolumn")],
        cells={},
        row_totals={},
        column_totals={"c": Counted(0, 0)},
        grand_total=Counted(0, 0),
    )
    assert [cell.text for cell in publish(table, PROTECTION).body[-1].cells] == ["<5", "<5"]

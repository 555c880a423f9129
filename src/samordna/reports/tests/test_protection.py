"""Small-cell protection: small counts are hidden, and no hidden count can be worked out from a
row's or a column's total; every breakdown adds up to its total before protection."""

from hypothesis import given, settings
from hypothesis import strategies as st

from samordna.reports.protection import grid, hidden_positions, lines, publish
from samordna.reports.tables import Category, Table


def table_of(values: list[list[int]], row_totals=True, column_totals=True) -> Table:
    rows = [Category(f"r{i}", f"Rad {i}") for i in range(len(values))]
    columns = [Category(f"c{j}", f"Kolumn {j}") for j in range(len(values[0]))]
    cells = {
        (r.code, c.code): values[i][j] for i, r in enumerate(rows) for j, c in enumerate(columns)
    }
    return Table(
        key="t",
        title="Test",
        row_heading="Rad",
        rows=rows,
        columns=columns,
        cells=cells,
        row_totals={r.code: sum(values[i]) for i, r in enumerate(rows)} if row_totals else None,
        column_totals=(
            {c.code: sum(v[j] for v in values) for j, c in enumerate(columns)}
            if column_totals
            else None
        ),
        grand_total=sum(map(sum, values)),
    )


matrices = st.integers(1, 5).flatmap(
    lambda width: st.lists(
        st.lists(st.integers(0, 40), min_size=width, max_size=width), min_size=1, max_size=6
    )
)


@settings(max_examples=300, deadline=None)
@given(matrices, st.integers(2, 10), st.booleans(), st.booleans())
def test_no_hidden_cell_can_be_recovered_from_a_row_or_column(values, threshold, rows, columns):
    table = table_of(values, row_totals=rows, column_totals=columns)
    hidden = hidden_positions(table, threshold)
    for line in lines(table):
        assert sum(p in hidden for p in line) != 1, line
    shown = publish(table, threshold)
    published = [cell for row in shown.body for cell in row.cells]
    assert all(cell.hidden or cell.value is None or cell.value >= threshold for cell in published)


@settings(max_examples=100, deadline=None)
@given(matrices, st.integers(2, 10))
def test_every_small_count_is_shown_as_under_the_threshold(values, threshold):
    table = table_of(values)
    shown = publish(table, threshold)
    for i, row in enumerate(values):
        for j, value in enumerate(row):
            if value < threshold:
                assert shown.body[i].cells[j].text == f"<{threshold}"


def test_a_lone_small_cell_takes_the_next_smallest_with_it():
    table = table_of([[3, 10, 20], [8, 9, 30]])
    hidden = hidden_positions(table, 5)
    assert (0, 0) in hidden and (0, 1) in hidden  # row 0: 3 and the next smallest, 10
    assert (1, 0) in hidden  # column 0 would give 3 away through 8's total otherwise
    assert grid(table)[(2, 3)] == 80


def test_exact_counts_show_everything():
    shown = publish(table_of([[1, 2], [3, 4]]), 5, exact=True)
    assert [cell.text for cell in shown.body[0].cells] == ["1", "2", "3"]
    assert not shown.has_hidden_cells


def test_a_table_without_small_counts_hides_nothing():
    shown = publish(table_of([[10, 12], [30, 40]]), 5)
    assert not shown.has_hidden_cells
    assert shown.body[-1].cells[-1].text == "92"


def test_a_table_without_rows_is_published_without_looping_for_ever():
    table = Table(
        key="t",
        title="Tom",
        row_heading="Rad",
        rows=[],
        columns=[Category("c", "Kolumn")],
        cells={},
        row_totals={},
        column_totals={"c": 0},
        grand_total=0,
    )
    shown = publish(table, 5)
    assert [cell.text for cell in shown.body[-1].cells] == ["<5", "<5"]

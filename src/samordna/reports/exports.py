"""Reports as files: Excel (openpyxl), CSV and PDF (WeasyPrint). Exports are always protected:
they are built only from published tables (ShownTable with exact=False)."""

from collections.abc import Iterator, Sequence

from django.utils.translation import gettext as _

from samordna.core import exports, pdf
from samordna.reports.appendices import Appendix
from samordna.reports.charts import table_charts
from samordna.reports.protection import ShownTable, footnote, legend, protection_lines
from samordna.reports.tables import Unit


def _heading_lines(title: str, filters: dict) -> list[str]:
    labels = {
        "period": _("Period"),
        "interventions": _("Interventions"),
        "municipality": _("Home municipality"),
        "organisation": _("Organisation"),
    }
    return [title] + [f"{labels[k]}: {v}" for k, v in filters.items() if v and k in labels]


def _values(row) -> list:
    return [cell.text if cell.hidden or cell.value is None else cell.value for cell in row.cells]


def _csv_rows(
    title: str, filters: dict, tables: list[ShownTable], threshold: int
) -> Iterator[list]:
    for line in _heading_lines(title, filters):
        yield [line]
    for shown in tables:
        yield []
        yield [shown.title]
        yield shown.header
        for row in shown.body:
            yield [row.label, *_values(row)]
        if shown.table.note:
            yield [shown.table.note]
    yield []
    for line in protection_lines(threshold):
        yield [line]


def to_csv(title: str, filters: dict, tables: list[ShownTable], threshold: int) -> bytes:
    """Semicolon-separated UTF-8 with a byte-order mark: Swedish Excel opens it as it is."""
    return exports.csv_bytes(_csv_rows(title, filters, tables, threshold))


EXCEL_FORMATS = {
    Unit.COUNT: exports.COUNT,
    Unit.NUMBER: exports.COUNT,
    Unit.MONEY: exports.KRONOR,
    Unit.PERCENT: exports.PERCENT,
    Unit.MEAN: exports.MEAN,
}


def _excel_formats(shown: ShownTable) -> list[str | None]:
    """How each column's numbers are shown: the row label, each column, then the total."""
    codes = [column.code for column in shown.table.columns] + [""]
    return [None, *(EXCEL_FORMATS[shown.table.unit_of(code)] for code in codes)]


def to_xlsx(title: str, filters: dict, tables: list[ShownTable], threshold: int) -> bytes:
    """One sheet per table, named after it, headed by the report's title and filters, its
    header row frozen in view and its numbers in Swedish formats."""
    workbook = exports.new_workbook()
    heading = _heading_lines(title, filters)
    for shown in tables:
        widths = [45, *[14] * (len(shown.header) - 1)]
        # The heading lines, a blank row, the table's title, then its header: all stay in view.
        frozen = len(heading) + 3
        sheet = exports.add_sheet(workbook, shown.title, widths, frozen_rows=frozen)
        for line in heading:
            exports.append_row(sheet, [line])
        exports.append_row(sheet, [])
        exports.append_row(sheet, [shown.title])
        exports.append_row(sheet, shown.header, bold=True)
        formats = _excel_formats(shown)
        for row in shown.body:
            exports.append_row(
                sheet, [row.label, *_values(row)], bold=row.is_total, formats=formats
            )
        if shown.table.note:
            exports.append_row(sheet, [shown.table.note])
        exports.append_row(sheet, [])
        for line in protection_lines(threshold):
            exports.append_row(sheet, [line])
    return exports.workbook_bytes(workbook)


def to_pdf(
    title: str,
    filters: dict,
    tables: list[ShownTable],
    threshold: int,
    forbund: str,
    narrative: str,
    appendices: Sequence[Appendix] = (),
) -> bytes:
    """The report on A4, each table fitted to its page (landscape when wide), every page headed
    with the förbund, the title and the filters."""
    lines = _heading_lines(title, filters)[1:]
    context = {
        "title": title,
        "lines": lines,
        "tables": [(shown, table_charts(shown, f"chart-{i}")) for i, shown in enumerate(tables)],
        "narrative": narrative,
        "appendices": appendices,
        "footnote": footnote(),
        "legend": legend(threshold),
    }
    return pdf.render_pdf(
        "reports/report_pdf.html", context, forbund=forbund, title=title, filters=lines
    )

"""Reports as files: Excel (openpyxl), CSV and PDF (WeasyPrint). Exports are always protected:
they are built only from published tables (ShownTable with exact=False)."""

import csv
import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from weasyprint import HTML

from samordna.reports.protection import ShownTable


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


def to_csv(title: str, filters: dict, tables: list[ShownTable]) -> bytes:
    """Semicolon-separated UTF-8 with a byte-order mark: Swedish Excel opens it as it is."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    for line in _heading_lines(title, filters):
        writer.writerow([line])
    for shown in tables:
        writer.writerow([])
        writer.writerow([shown.title])
        writer.writerow(shown.header)
        for row in shown.body:
            writer.writerow([row.label, *_values(row)])
        if shown.table.note:
            writer.writerow([shown.table.note])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _sheet_title(index: int, title: str) -> str:
    cleaned = "".join(ch for ch in title if ch not in "[]:*?/\\")
    return f"{index} {cleaned}"[:31]


def to_xlsx(title: str, filters: dict, tables: list[ShownTable]) -> bytes:
    """One sheet per table, headed by the report's title and filters."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for index, shown in enumerate(tables, start=1):
        sheet = workbook.create_sheet(_sheet_title(index, shown.title))
        for line in _heading_lines(title, filters):
            sheet.append([line])
        sheet.append([])
        sheet.append([shown.title])
        sheet.append(shown.header)
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for row in shown.body:
            sheet.append([row.label, *_values(row)])
            if row.is_total:
                for cell in sheet[sheet.max_row]:
                    cell.font = bold
        if shown.table.note:
            sheet.append([shown.table.note])
        sheet.column_dimensions["A"].width = 45
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def to_pdf(title: str, filters: dict, tables: list[ShownTable], narrative: str = "") -> bytes:
    html = render_to_string(
        "reports/report_pdf.html",
        {
            "title": title,
            "lines": _heading_lines(title, filters)[1:],
            "tables": tables,
            "narrative": narrative,
        },
    )
    return HTML(string=html).write_pdf()

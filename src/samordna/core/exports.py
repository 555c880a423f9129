"""The spreadsheets Samordna writes, Excel and CSV: every file goes through here, so every text cell
is inert and every number stays a number.

A spreadsheet reads a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a
formula (CSV or formula injection): a participant's intervention named `=HYPERLINK(...)` would
become a live link in the board's report. Text from the database is therefore never written as is:

- Excel: the text is stored as a string cell with Excel's quote prefix (the apostrophe a user
  types before `=`), so the cell shows exactly the text, stays text when edited, and openpyxl does
  not turn it into a formula;
- CSV has no types, so such text gets a leading apostrophe, as OWASP recommends.

Numbers (int, Decimal, float), dates and empty cells pass unchanged. Workbooks are write-only
(rows stream to the file instead of building every cell in memory) and CSV comes as lines, so a
large export can be streamed (`StreamingHttpResponse(csv_lines(rows))`).
"""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes Excel, LibreOffice or Google Sheets read a text cell as a formula."""

CSV_DELIMITER = ";"
"""Swedish Excel splits CSV on semicolons (the comma is the decimal sign)."""

BYTE_ORDER_MARK = "\ufeff"
"""Tells Excel the CSV is UTF-8, so å, ä and ö survive."""

KRONOR = '#,##0 "kr"'
"""Whole kronor, grouped as the reader's Excel groups thousands: 812 000 kr in Swedish."""

PERCENT = '0.0 "%"'
"""A number that is already per cent (16.9): 16,9 % in Swedish."""

COUNT = "#,##0"
"""A whole number of things, grouped: 1 234 in Swedish."""

MEAN = "0.0"
"""A mean score with one decimal: 2,5 in Swedish."""

DATE = "yyyy-mm-dd"
"""The one date format (as on the pages): every date cell gets it."""

DATE_TIME = "yyyy-mm-dd hh:mm"

_SHEET_TITLE_FORBIDDEN = set("[]:*?/\\")
_SHEET_TITLE_MAX = 31
_BOLD = Font(bold=True)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

Value = str | Promise | int | float | Decimal | date | None


def is_formula_like(value: object) -> bool:
    """Whether `value` is text a spreadsheet would run as a formula."""
    return isinstance(value, str | Promise) and str(value).startswith(FORMULA_STARTS)


def _plain(value: Value) -> Any:
    """Lazy translations as text; booleans and everything else as they are."""
    return str(value) if isinstance(value, Promise) else value


# CSV


def csv_value(value: Value) -> Any:
    """A cell for csv.writer: formula-like text behind an apostrophe, numbers untouched."""
    value = _plain(value)
    return f"'{value}" if is_formula_like(value) else value


def csv_lines(rows: Iterable[Sequence[Value]]) -> Iterator[str]:
    """The CSV file line by line (byte-order mark first), semicolon-separated: stream it, or join
    it with `csv_bytes`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER)
    yield BYTE_ORDER_MARK
    for row in rows:
        writer.writerow([csv_value(value) for value in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def csv_bytes(rows: Iterable[Sequence[Value]]) -> bytes:
    """The whole CSV file as UTF-8: Swedish Excel opens it as it is."""
    return "".join(csv_lines(rows)).encode("utf-8")


# Excel


def new_workbook() -> Workbook:
    """An empty write-only workbook: add sheets with `add_sheet`, rows with `append_row`."""
    return Workbook(write_only=True)


def _shortened(text: str, limit: int) -> str:
    """`text` in at most `limit` characters, cut after a whole word where there is one."""
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[: limit + 1] else text[:limit]
    return cut[:limit].rstrip(" –-,.:;")


def sheet_title(text: str, taken: Iterable[str] = ()) -> str:
    """`text` as Excel accepts a sheet's name: without []:*?/\\, at most 31 characters
    (shortened at a word boundary, never mid-word) and unlike the names in `taken` (Excel
    compares them without regard to case): "Deltagare (2)" for the second "Deltagare"."""
    text = ILLEGAL_CHARACTERS_RE.sub("", str(text))
    clean = " ".join("".join(" " if ch in _SHEET_TITLE_FORBIDDEN else ch for ch in text).split())
    clean = clean.strip("'") or "Blad"
    used = {name.casefold() for name in taken}
    title, number = _shortened(clean, _SHEET_TITLE_MAX), 1
    while title.casefold() in used:
        number += 1
        suffix = f" ({number})"
        title = _shortened(clean, _SHEET_TITLE_MAX - len(suffix)) + suffix
    return title


def header_widths(header: Sequence[Value]) -> list[float]:
    """Column widths (in characters) that fit each heading, within reason."""
    return [min(max(len(str(_plain(text) or "")) + 2, 10), 50) for text in header]


def add_sheet(
    workbook: Workbook,
    title: str,
    column_widths: Sequence[float] = (),
    header: Sequence[Value] | None = None,
    frozen_rows: int | None = None,
) -> WriteOnlyWorksheet:
    """A new sheet named after `title` (see `sheet_title`). With `header`, its first row is the
    header in bold, frozen so it stays in view, and columns are as wide as their headings unless
    `column_widths` (in characters, from column A on) says otherwise; `frozen_rows` freezes as
    many rows at the top when a header comes further down. Widths and frozen rows are set
    before any row is written, as write-only sheets require."""
    sheet = workbook.create_sheet(sheet_title(title, workbook.sheetnames))
    widths = list(column_widths) or (header_widths(header) if header else [])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    frozen = frozen_rows if frozen_rows is not None else (1 if header else 0)
    if frozen:
        sheet.freeze_panes = f"A{frozen + 1}"
    if header:
        append_row(sheet, header, bold=True)
    return sheet


def excel_cell(
    sheet: WriteOnlyWorksheet, value: Value, bold: bool = False, number_format: str | None = None
) -> WriteOnlyCell:
    """One typed cell: text stays text (quote-prefixed when formula-like), numbers numbers, shown
    in `number_format` (KRONOR, PERCENT, COUNT, MEAN) when given, dates as DATE."""
    value = _plain(value)
    cell = _text_cell(sheet, value) if isinstance(value, str) else WriteOnlyCell(sheet, value)
    if bold:
        cell.font = _BOLD
    if number_format and isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        cell.number_format = number_format
    elif isinstance(value, date):
        cell.number_format = DATE_TIME if isinstance(value, datetime) else DATE
    return cell


def _text_cell(sheet: WriteOnlyWorksheet, text: str) -> WriteOnlyCell:
    # Control characters cannot be stored in the file's XML: openpyxl would refuse the file.
    cell = WriteOnlyCell(sheet, ILLEGAL_CHARACTERS_RE.sub("", text))
    # openpyxl turns text starting with "=" into a formula; the type says it is text.
    cell.data_type = "s"
    cell.quotePrefix = is_formula_like(text)
    return cell


def append_row(
    sheet: WriteOnlyWorksheet,
    values: Iterable[Value],
    bold: bool = False,
    formats: Sequence[str | None] = (),
) -> None:
    """Write one row of typed cells at the end of `sheet`; `formats` gives, column by column, how
    its numbers are shown (None: as they are)."""
    sheet.append(
        [
            excel_cell(sheet, value, bold, formats[index] if index < len(formats) else None)
            for index, value in enumerate(values)
        ]
    )


def workbook_bytes(workbook: Workbook) -> bytes:
    """The finished .xlsx file."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

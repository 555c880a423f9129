"""Disclosure control of published tables: what a reader sees of a Table.

Every count of people is a cell of its own, totals included, published by the cell key method
(perturbation.py): a true count under the förbund's threshold N (0 included) reads "<N", and a
count of N or more is published perturbed (a perturbation never turns a count into 0 or under N). Shares and costs per participant are computed from
the published counts and left out (".."), like any other cell withheld for protection, when
their numerator, denominator or complement is under the threshold. Nothing is hidden to protect
another cell (no secondary suppression), so "<N" always means fewer than N.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from samordna.core.record_keys import Counted
from samordna.reports.perturbation import PerturbationTable, published_count
from samordna.reports.tables import Number, Ratio, Table, Unit, Value, Withheld, format_value

NOT_SHOWN = ".."  # Statistics Sweden's symbol for a figure that cannot be shown


@dataclass(frozen=True)
class Protection:
    """The förbund's threshold and perturbation table (reports.ReportSettings)."""

    threshold: int
    table: str = PerturbationTable.SMALL

    def publish_count(self, count: int) -> int | None:
        """The published value of a count; None when it is under the threshold.

        Zero reads "<N" too: were it shown as 0, every "<N" would mean at least one, and a
        total of "<N" over N-1 such cells would say that each is exactly one.
        """
        if count < self.threshold:
            return None
        key = count.key if isinstance(count, Counted) else 0
        return published_count(count, key, self.threshold, self.table)


@dataclass(frozen=True)
class Cell:
    value: Number | None
    text: str
    hidden: bool = False


@dataclass(frozen=True)
class ShownRow:
    label: str
    cells: list[Cell]
    is_total: bool = False


@dataclass
class ShownTable:
    """A table as a reader sees it: protected unless `exact` (for permitted roles, on screen)."""

    table: Table
    header: list[str]
    body: list[ShownRow]
    exact: bool
    threshold: int

    @property
    def title(self) -> str:
        return self.table.title

    def cell(self, row: str, column: str) -> Cell:
        """The shown cell of a row and a column, by their codes ("" is the total column)."""
        position = [r.code for r in self.table.rows].index(row)
        columns = [c.code for c in self.table.columns] + [""]
        return self.body[position].cells[columns.index(column)]

    @property
    def has_hidden_cells(self) -> bool:
        return any(cell.hidden for row in self.body for cell in row.cells)

    @property
    def is_protected(self) -> bool:
        """Does a count of people appear in it (so the footnote and legend apply)?"""
        return not self.exact and self.table.counts_people


def _line(table: Table, row: str | None) -> dict[str, Value]:
    """One row of the table (None: the totals row) as column → value, the total under ""."""
    if row is None:
        values = dict(table.column_totals or {})
        values[""] = table.grand_total
    else:
        values = {c.code: table.value(row, c.code) for c in table.columns}
        values[""] = (table.row_totals or {}).get(row, 0)
    return values


class _Publisher:
    def __init__(self, table: Table, protection: Protection, exact: bool):
        self.table, self.protection, self.exact = table, protection, exact

    def count(self, value) -> Cell:
        if self.exact:
            return Cell(value, format_value(value, Unit.COUNT))
        published = self.protection.publish_count(value)
        if published is None:
            return Cell(None, f"<{self.protection.threshold}", hidden=True)
        return Cell(published, format_value(published, Unit.COUNT))

    def ratio(self, ratio: Ratio, line: dict[str, Value]) -> Cell:
        numerator, denominator = line.get(ratio.numerator), line.get(ratio.denominator)
        if isinstance(numerator, Withheld) or isinstance(denominator, Withheld):
            return Cell(None, NOT_SHOWN, hidden=True)
        if numerator is None or not denominator:
            return Cell(None, format_value(None, ratio.unit))
        if not self.exact:
            if self._discloses(ratio, numerator, denominator):
                return Cell(None, NOT_SHOWN, hidden=True)
            numerator = self._published(ratio.numerator, numerator)
            denominator = self._published(ratio.denominator, denominator)
        value = ratio.scale * Decimal(numerator) / Decimal(denominator)
        return Cell(value, format_value(value, ratio.unit))

    def _discloses(self, ratio: Ratio, numerator, denominator) -> bool:
        """Would the share give away a count under the threshold (itself, or its complement)?"""
        numerator_counts = self.table.unit_of(ratio.numerator) is Unit.COUNT
        denominator_counts = self.table.unit_of(ratio.denominator) is Unit.COUNT
        counts = [numerator] if numerator_counts else []
        if denominator_counts:
            counts.append(denominator)
        if numerator_counts and denominator_counts:
            counts.append(denominator - numerator)
        return any(n < self.protection.threshold for n in counts)

    def _published(self, column: str, value):
        return self.count(value).value if self.table.unit_of(column) is Unit.COUNT else value

    def cell(self, column: str, line: dict[str, Value]) -> Cell:
        ratio = self.table.ratios.get(column)
        if ratio is not None:
            return self.ratio(ratio, line)
        value = line.get(column)
        if isinstance(value, Withheld):
            return Cell(None, NOT_SHOWN, hidden=True)
        unit = self.table.unit_of(column)
        if unit is Unit.COUNT and value is not None:
            return self.count(value)
        return Cell(value, format_value(value, unit))

    def row(self, label: str, row: str | None) -> ShownRow:
        line = _line(self.table, row)
        columns = [c.code for c in self.table.columns]
        if self.table.row_totals is not None:
            columns.append("")
        return ShownRow(label, [self.cell(c, line) for c in columns], is_total=row is None)


def publish(table: Table, protection: Protection, exact: bool = False) -> ShownTable:
    """The table as published: counts protected (unless `exact`), shares from protected counts."""
    publisher = _Publisher(table, protection, exact)
    body = [publisher.row(row.label, row.code) for row in table.rows]
    if table.column_totals is not None:
        body.append(publisher.row(_("Total"), None))
    header = [table.row_heading] + [c.label for c in table.columns]
    if table.row_totals is not None:
        header.append(_("Total"))
    return ShownTable(table, header, body, exact, protection.threshold)


def footnote() -> str:
    return _(
        "Published figures are protected: counts are adjusted slightly at random (the cell key "
        "method), so parts may not add up exactly to their totals."
    )


def legend(threshold: int) -> list[tuple[str, str]]:
    """The symbols of a published table and what they mean (Statistics Sweden's convention)."""
    return [
        (f"<{threshold}", _("fewer than %(n)s, possibly none") % {"n": threshold}),
        (NOT_SHOWN, _("not shown, so that no one can be singled out")),
        ("–", _("nothing to show")),
    ]


def protection_lines(threshold: int) -> list[str]:
    """The footnote and the legend as lines of text, for files."""
    return [footnote()] + [f"{symbol} = {meaning}" for symbol, meaning in legend(threshold)]

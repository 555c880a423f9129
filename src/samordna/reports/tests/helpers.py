"""Running a report in tests: its tables by key, and a table's cells as a plain dict."""

from samordna.core.permissions import Role
from samordna.reports.catalogue import REPORTS
from samordna.reports.protection import ShownTable, publish
from samordna.reports.scope import ReportPeriod, ReportScope
from samordna.reports.services import protection_for
from samordna.reports.tables import Table


def run(tenant, name: str, role=Role.ADMIN, year=2025, part="year", **filters) -> dict[str, Table]:
    scope = ReportScope(tenant.users[role], tenant.forbund, ReportPeriod(year, part), **filters)
    return {table.key: table for table in REPORTS[name].build(scope)}


def published(tenant, name: str, exact: bool = False, **options) -> dict[str, ShownTable]:
    """The report's tables as the förbund publishes them (or, `exact`, as permitted roles see)."""
    protection = protection_for(tenant.forbund)
    return {
        key: publish(table, protection, exact=exact)
        for key, table in run(tenant, name, **options).items()
    }


def column(table: Table, code: str) -> dict[str, int]:
    """The column's non-zero cells by row code."""
    values = {row.code: table.value(row.code, code) for row in table.rows}
    return {k: v for k, v in values.items() if v}


def row(table: Table, code: str) -> dict[str, int]:
    values = {c.code: table.value(code, c.code) for c in table.columns}
    return {k: v for k, v in values.items() if v}


def assert_adds_up(table: Table) -> None:
    """Every breakdown sums to its total, as the database counted them separately."""
    if table.row_totals is not None and table.column_totals is not None:
        for r in table.rows:
            assert sum(table.value(r.code, c.code) for c in table.columns) == table.row_totals.get(
                r.code, 0
            ), (table.key, r)
        for c in table.columns:
            assert sum(table.value(r.code, c.code) for r in table.rows) == table.column_totals.get(
                c.code, 0
            ), (table.key, c)
        assert sum(table.row_totals.values()) == table.grand_total, table.key

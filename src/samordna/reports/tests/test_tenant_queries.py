"""Every report reads only its own förbund's rows: each participant table a query reads, joined
or not, carries the förbund filter, so the database never scans the country's participants for
one förbund's gender split (and a missing scope could not leak another's rows into a count)."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from samordna.core.permissions import Role
from samordna.reports.catalogue import REPORTS
from samordna.reports.scope import ReportPeriod, ReportScope
from samordna.reports.tests.cohort import build_cohort

# A table after FROM or JOIN, with the alias Django gave it in subqueries or filtered relations.
_TABLE = re.compile(
    r'(?:FROM|JOIN)\s+"(participants_\w+)"(?:\s+(?:AS\s+)?"?(?!ON\b|WHERE\b)(\w+)"?)?'
)
_KEYWORDS = {"INNER", "LEFT", "ON", "WHERE", "GROUP", "ORDER", "LIMIT", "UNION"}


def unfiltered_tables(sql: str) -> set[str]:
    """The participant tables the statement reads without a condition on their förbund."""
    missing = set()
    for table, alias in _TABLE.findall(sql):
        name = alias if alias and alias.upper() not in _KEYWORDS else table
        if f'"{name}"."forbund_id"' not in sql and f'{name}."forbund_id"' not in sql:
            missing.add(table)
    return missing


def test_the_check_finds_a_join_without_the_forbund():
    sql = (
        'SELECT 1 FROM "participants_enrolment" INNER JOIN "participants_participant" ON (x) '
        'WHERE "participants_enrolment"."forbund_id" = 1'
    )
    assert unfiltered_tables(sql) == {"participants_participant"}
    aliased = 'SELECT 1 FROM "participants_referral" U0 WHERE U0."forbund_id" = 1'
    assert unfiltered_tables(aliased) == set()


def test_every_query_of_every_report_filters_participant_tables_on_the_forbund(tenant):
    cohort = build_cohort(tenant)
    choices = [
        {},
        {
            "intervention_ids": (cohort.team.pk,),
            "municipality": tenant.forbund.municipalities.order_by("code").first(),
        },
    ]
    for role in (Role.ADMIN, Role.STAFF):
        for filters in choices:
            scope = ReportScope(
                tenant.users[role], tenant.forbund, ReportPeriod(2025, "year"), **filters
            )
            for name, definition in REPORTS.items():
                with CaptureQueriesContext(connection) as queries:
                    definition.build(scope)
                for query in queries.captured_queries:
                    assert unfiltered_tables(query["sql"]) == set(), (name, query["sql"])

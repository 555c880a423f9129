"""Published tables of closed periods come from the cache, until a write to the förbund's data
replaces its generation; exact counts are never cached, so neither view is served as the other."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samordna.core import permissions
from samordna.core.permissions import Role
from samordna.interventions.models import Intervention
from samordna.organisations.models import Forbund
from samordna.participants.choices import Gender
from samordna.reports.catalogue import REPORTS
from samordna.reports.published import is_closed, published_tables
from samordna.reports.scope import ReportPeriod, ReportScope
from samordna.reports.services import protection_for
from samordna.reports.tests.cohort import build_cohort
from samordna.reports.tests.factories import EnrolmentFactory, ParticipantFactory

YEAR = 2025  # the cohort's year, closed since the statistics were due on 10 February 2026


def _texts(tenant, name="participants", exact=False, role=Role.ADMIN, year=YEAR):
    scope = ReportScope(tenant.users[role], tenant.forbund, ReportPeriod(year, "year"))
    shown = published_tables(REPORTS[name], scope, protection_for(tenant.forbund), exact)
    return {table.table.key: [[c.text for c in row.cells] for row in table.body] for table in shown}


def _rows(tenant, key):
    """The labels and cells of one table of the participants report."""
    scope = ReportScope(tenant.users[Role.ADMIN], tenant.forbund, ReportPeriod(YEAR, "year"))
    shown = published_tables(REPORTS["participants"], scope, protection_for(tenant.forbund), False)
    table = next(table for table in shown if table.table.key == key)
    return [[row.label] + [cell.text for cell in row.cells] for row in table.body]


def _queries(tenant, **options) -> int:
    """The queries of one answer, as a page asks: the user's memberships already read with the
    user (accounts.backends)."""
    with permissions.remembered_for_request():
        permissions.memberships(tenant.users[options.get("role", Role.ADMIN)])
        with CaptureQueriesContext(connection) as queries:
            _texts(tenant, **options)
    return len(queries.captured_queries)


def _counted(tenant, **options) -> bool:
    """Whether the answer read the register: the tables' one statement over the rows ran."""
    with CaptureQueriesContext(connection) as queries:
        _texts(tenant, **options)
    return any(query["sql"].startswith("WITH base AS") for query in queries.captured_queries)


def test_a_period_closes_when_the_years_statistics_were_due(tenant):
    period = ReportPeriod(2025, "t1")
    assert not is_closed(tenant.forbund, period, today=date(2026, 2, 10))
    assert is_closed(tenant.forbund, period, today=date(2026, 2, 11))
    assert is_closed(tenant.forbund, ReportPeriod(YEAR, "year"))


def test_a_cached_report_answers_as_the_counted_one_without_counting_again(tenant):
    build_cohort(tenant)
    first = _texts(tenant)
    assert _queries(tenant) <= 3  # the settings and the generation, not the tables
    assert not _counted(tenant)
    assert _texts(tenant) == first


def test_a_write_into_the_closed_period_is_in_the_next_answer(tenant):
    cohort = build_cohort(tenant)
    before = _texts(tenant)["status"]
    assert before[0][0] == "<5"  # two women started in 2025
    for month in range(3, 9):
        EnrolmentFactory(
            intervention=cohort.lokus,
            participant=ParticipantFactory(forbund=tenant.forbund, gender=Gender.WOMAN),
            start=date(YEAR, month, 1),
        )
    after = _texts(tenant)["status"]
    assert after[0][0] not in ("<5", before[0][0])  # eight women: published as a number


def test_a_bulk_update_is_in_the_next_answer(tenant):
    """A queryset's update() sends no post_save; the cached table must still go."""
    cohort = build_cohort(tenant)
    _texts(tenant)
    Intervention.objects.filter(pk=cohort.lokus.pk).update(name="Aktivera Väst")
    assert "Aktivera Väst" in [row[0] for row in _rows(tenant, "active_intervention")]


def test_a_bulk_update_of_the_forbund_itself_is_in_the_next_answer(tenant):
    """The förbund is its own tenant: updating it in bulk works and replaces its generation."""
    _texts(tenant)
    Forbund.objects.filter(pk=tenant.forbund.pk).update(shares_national_statistics=True)
    assert _counted(tenant)


def test_renaming_an_intervention_renames_the_cached_row(tenant):
    cohort = build_cohort(tenant)
    _texts(tenant)
    cohort.lokus.name = "Aktivera Väst"
    cohort.lokus.save()
    scope = ReportScope(tenant.users[Role.ADMIN], tenant.forbund, ReportPeriod(YEAR, "year"))
    shown = published_tables(REPORTS["participants"], scope, protection_for(tenant.forbund), False)
    by_key = {table.table.key: table for table in shown}
    assert "Aktivera Väst" in [row.label for row in by_key["active_intervention"].body]


def test_exact_counts_are_never_served_from_the_protected_cache_nor_cached(tenant):
    build_cohort(tenant)
    protected = _texts(tenant)
    exact = _texts(tenant, exact=True)
    assert protected["status"][0][0] == "<5"
    assert exact["status"][0][0] == "2"
    assert _texts(tenant, exact=True) == exact
    assert _counted(tenant, exact=True)  # counted afresh every time
    assert _texts(tenant) == protected


def test_an_exact_view_first_leaves_nothing_a_protected_reader_could_be_served(tenant):
    build_cohort(tenant)
    exact = _texts(tenant, exact=True)
    board = _texts(tenant, role=Role.BOARD)
    assert exact["status"][0][0] == "2"
    assert board["status"][0][0] == "<5"


def test_open_periods_and_staff_views_are_counted_every_time(tenant):
    build_cohort(tenant)
    this_year = timezone.localdate().year
    _texts(tenant, year=this_year)
    assert _counted(tenant, year=this_year)
    _texts(tenant, role=Role.STAFF)
    assert _counted(tenant, role=Role.STAFF)

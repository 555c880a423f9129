"""National statistics: sums over the förbund that share their statistics, protected after
summing; the national analyst reads them and nothing else."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from samordna.conftest import make_tenant
from samordna.core.audit_labels import describe
from samordna.core.models import AuditEvent
from samordna.core.permissions import ALL_ROLES, Role
from samordna.core.tests.test_access import (
    API_OBJECTS,
    API_OPERATIONS,
    PAGES,
    PUBLIC_PAGES,
    _api_request,
    _once,
    _page_url,
)
from samordna.participants.choices import Gender, InitiatingParty
from samordna.reports import national_statistics
from samordna.reports.models import NationalSummary
from samordna.reports.scope import ReportPeriod, ReportScope
from samordna.reports.summary_reports import shared_figures
from samordna.reports.tests.factories import EnrolmentFactory, ReferralFactory, intervention_in

YEAR = 2025
FK, AF = InitiatingParty.FORSAKRINGSKASSAN, InitiatingParty.ARBETSFORMEDLINGEN
# Pages a national analyst opens: their own account, and the national statistics.
OPEN_PAGES = {"set_language", "home"}


def referrals(tenant, party, gender, count):
    intervention = intervention_in(tenant)
    for _n in range(count):
        ReferralFactory(intervention=intervention, initiating_party=party, gender=gender)


def enrolments(tenant, count):
    intervention = intervention_in(tenant)
    for _n in range(count):
        EnrolmentFactory(intervention=intervention, start=date(YEAR, 3, 1))


def share(tenant, shares=True):
    tenant.forbund.shares_national_statistics = shares
    tenant.forbund.save()


@pytest.fixture
def third(db):
    """Förbund C, which does not share its statistics."""
    return make_tenant("Förbund C", ["0180"])


@pytest.fixture
def country(tenant, other_tenant, third):
    """A and B share their statistics, C does not; each has referrals and enrolments."""
    referrals(tenant, FK, Gender.WOMAN, 7)
    referrals(tenant, AF, Gender.MAN, 2)
    enrolments(tenant, 6)
    referrals(other_tenant, FK, Gender.WOMAN, 4)
    enrolments(other_tenant, 3)
    referrals(third, FK, Gender.WOMAN, 50)
    share(tenant)
    share(other_tenant)
    national_statistics.refresh(YEAR)
    return tenant, other_tenant, third


def _figures(tables) -> dict:
    """Every figure of the tables: (table, row, column) → count ("" is a total)."""
    found = {}
    for table in tables:
        for (row, column), value in table.cells.items():
            found[(table.key, row, column)] = int(value)
        for row, value in (table.row_totals or {}).items():
            found[(table.key, row, "")] = int(value)
        for column, value in (table.column_totals or {}).items():
            found[(table.key, "", column)] = int(value)
        if table.grand_total is not None:
            found[(table.key, "", "")] = int(table.grand_total)
    return found


def _forbund_figures(tenant) -> dict:
    scope = ReportScope(user=None, forbund=tenant.forbund, period=ReportPeriod(YEAR, "year"))
    return _figures(shared_figures(scope))


def test_the_national_figures_are_the_sums_of_the_sharing_förbunds_before_protection(country):
    a, b, _c = country
    national = _figures(national_statistics.national_tables(YEAR))
    first, second = _forbund_figures(a), _forbund_figures(b)
    expected = {k: first.get(k, 0) + second.get(k, 0) for k in first.keys() | second.keys()}
    assert {k: v for k, v in national.items() if v} == {k: v for k, v in expected.items() if v}
    assert national[("referrals", FK, Gender.WOMAN)] == 11
    assert national[("referrals", "", "")] == 13


def test_förbund_that_do_not_share_are_left_out_and_those_that_stop_are_forgotten(country):
    a, _b, c = country
    assert _figures(national_statistics.national_tables(YEAR))[("referrals", "", "")] == 13
    share(c)
    share(a, False)
    counted = national_statistics.refresh(YEAR)
    assert counted["counted"] == 1 and counted["dropped"] > 0
    assert _figures(national_statistics.national_tables(YEAR))[("referrals", "", "")] == 54
    assert not NationalSummary.objects.filter(forbund=a.forbund).exists()


def test_a_förbund_is_counted_again_only_when_its_data_changed(country):
    a, _b, _c = country
    assert national_statistics.refresh(YEAR) == {"counted": 0, "dropped": 0}
    referrals(a, FK, Gender.WOMAN, 1)
    assert national_statistics.refresh(YEAR) == {"counted": 1, "dropped": 0}
    assert _figures(national_statistics.national_tables(YEAR))[("referrals", "", "")] == 14


def test_small_national_cells_are_protected_and_no_förbunds_own_figure_is_shown(country):
    report = national_statistics.national_report(YEAR)
    referral_table = next(t for t in report.tables if t.table.key == "referrals")
    small = referral_table.cell(AF, Gender.MAN)
    assert small.hidden
    assert small.text == f"<{report.protection.threshold}"
    large = referral_table.cell(FK, Gender.WOMAN)
    assert not large.hidden and large.value is not None
    assert not any(cell.hidden is False and cell.value == 7 for cell in _cells(referral_table))


def _cells(shown):
    return [cell for row in shown.body for cell in row.cells]


def test_the_national_analyst_reads_the_report_page_files_and_api(country):
    a, _b, _c = country
    national = a.client(Role.NATIONAL)
    page = national.get(reverse("reports:national_statistics"), {"year": YEAR})
    assert page.status_code == 200
    assert "Nationell statistik" in page.content.decode()
    assert "&lt;5" in page.content.decode()
    csv = national.get(reverse("reports:national_statistics_csv"), {"year": YEAR})
    assert csv.status_code == 200 and "<5" in csv.content.decode("utf-8-sig")
    excel = national.get(reverse("reports:national_statistics_excel"), {"year": YEAR})
    assert excel.status_code == 200 and excel.content.startswith(b"PK")
    answer = a.api(Role.NATIONAL).get("/api/v1/national-statistics", {"year": YEAR})
    assert answer.status_code == 200, answer.content
    assert answer.json()["forbund_count"] == 2
    assert national.get("/").url == reverse("reports:national_statistics")


def test_every_national_export_is_in_the_audit_log_of_the_analysts_förbund(country):
    a, _b, _c = country
    national = a.client(Role.NATIONAL)
    national.get(reverse("reports:national_statistics_csv"), {"year": YEAR})
    national.get(reverse("reports:national_statistics_excel"), {"year": YEAR})
    a.api(Role.NATIONAL).get("/api/v1/national-statistics", {"year": YEAR})
    events = AuditEvent.objects.filter(action="report.export", forbund=a.forbund)
    with translation.override("sv"):
        shown = [describe(event.action, event.details) for event in events.order_by("id")]
    assert shown == [
        f"Nationell statistik, Period: {YEAR}, Format: {file_format}"
        for file_format in ("CSV", "Excel", "API:t")
    ]
    assert {event.actor for event in events} == {a.users[Role.NATIONAL]}


@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_no_role_of_a_förbund_reads_the_national_statistics(country, role):
    a, _b, _c = country
    assert a.client(role).get(reverse("reports:national_statistics")).status_code == 403
    assert a.api(role).get("/api/v1/national-statistics").status_code == 403


def test_the_national_analyst_gets_403_on_every_page_of_its_own_förbund(country):
    a, _b, _c = country
    national = a.client(Role.NATIONAL)
    pages = [
        (name, takes)
        for name, takes in PAGES
        if name not in PUBLIC_PAGES | OPEN_PAGES
        and not name.startswith(("accounts:", "reports:national_statistics"))
    ]
    answers = {}
    for name, takes in pages:
        url = _once(_page_url, name, takes, a)
        if url:
            response = national.get(url)
            if response.status_code == 405:
                response = national.post(url)
            answers[url] = response.status_code
    assert answers and set(answers.values()) == {403}, answers


def test_the_national_analyst_gets_403_from_every_other_api_operation(country):
    a, _b, _c = country
    api = a.api(Role.NATIONAL)
    answers = {}
    for path, method in API_OPERATIONS:
        if path.startswith("/api/v1/national-statistics") or (
            "{" in path and path not in API_OBJECTS
        ):
            continue
        request = _once(_api_request, path, a)
        if request:
            url, body = request
            response = getattr(api, method)(url, data=body, content_type="application/json")
            answers[(method, url)] = response.status_code
    assert answers and set(answers.values()) == {403}, answers


def test_the_administrator_shares_the_statistics_on_the_page_and_in_the_api(tenant):
    admin = tenant.client(Role.ADMIN)
    form = admin.get(reverse("forbund_edit")).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["municipalities"] = [m.pk for m in tenant.forbund.municipalities.all()]
    assert "shares_national_statistics" in form.fields
    response = admin.post(reverse("forbund_edit"), data | {"shares_national_statistics": "on"})
    assert response.status_code == 302
    tenant.forbund.refresh_from_db()
    assert tenant.forbund.shares_national_statistics
    url = f"/api/v1/forbund/{tenant.forbund.pk}"
    body = {"shares_national_statistics": False}
    assert tenant.api(Role.BOARD).patch(url, body, "application/json").status_code == 403
    answer = tenant.api(Role.ADMIN).patch(url, body, "application/json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["shares_national_statistics"] is False


def test_no_förbund_administrator_can_invite_a_national_analyst(tenant):
    response = tenant.client(Role.ADMIN).get(reverse("accounts:members"))
    assert response.status_code == 200
    choices = dict(response.context["form"].fields["role"].choices)
    assert Role.NATIONAL not in choices

"""A period report's page shows the period's figures as tables, each under its own title."""

from samordna.core.permissions import Role
from samordna.reports.tests.test_party_reports import JSON, _period, intervention  # noqa: F401


def test_the_period_report_page_shows_each_table_of_figures_under_its_title(tenant, intervention):  # noqa: F811
    staff = tenant.api(Role.STAFF)
    report = staff.post("/api/v1/party-reports", _period(intervention), content_type=JSON).json()
    page = tenant.client(Role.STAFF).get(f"/rapporter/insatsrapporter/{report['id']}/")
    assert "Periodens siffror" in page.content.decode()
    figures = page.context["figures"]
    assert figures and all(shown.title for shown in figures)
    assert '<h2 id="table-1"></h2>' not in page.content.decode()

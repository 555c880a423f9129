"""A report's page sits under the catalogue: Rapporter › Deltagare."""

from samordna.core.permissions import Role
from samordna.core.tests.breadcrumbs import breadcrumbs_of


def test_a_report_sits_under_the_reports(tenant):
    page = tenant.client(Role.ANALYST).get("/rapporter/deltagare/?year=2025&part=year")
    assert breadcrumbs_of(page) == ["Rapporter", "Deltagare"]

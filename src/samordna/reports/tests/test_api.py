"""The reports API: the catalogue and each report's tables, always protected."""

from samordna.accounts.services import create_api_token
from samordna.core.permissions import Role
from samordna.reports.tests.cohort import build_cohort


def _get(client, tenant, role, url):
    _token, secret = create_api_token(tenant.users[role], "test")
    return client.get(url, HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_the_catalogue_lists_the_reports_a_role_may_read(client, tenant):
    names = {r["name"] for r in _get(client, tenant, Role.STAFF, "/api/v1/reports").json()}
    assert "participants" in names and "money" not in names


def test_a_report_through_the_api_is_protected_even_for_an_analyst(client, tenant):
    build_cohort(tenant)
    response = _get(
        client, tenant, Role.ANALYST, "/api/v1/reports/participants?year=2025&part=year"
    )
    assert response.status_code == 200
    status = next(t for t in response.json()["tables"] if t["key"] == "status")
    assert status["rows"][0][1:] == ["<5", "<5", "<5", "<5"]


def test_another_forbund_answers_404(client, tenant, other_tenant):
    url = f"/api/v1/reports/referrals?forbund={other_tenant.forbund.pk}"
    assert _get(client, tenant, Role.ADMIN, url).status_code == 404


def test_a_bad_period_is_a_clear_422(client, tenant):
    response = _get(client, tenant, Role.ADMIN, "/api/v1/reports/referrals?year=1&part=x")
    assert response.status_code == 422
    assert {e["loc"][-1] for e in response.json()["detail"]} == {"year", "part"}


def test_referring_case_officers_get_403(client, tenant):
    assert _get(client, tenant, Role.REFERRER, "/api/v1/reports/referrals").status_code == 403

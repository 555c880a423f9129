"""Plausible money: years inside the intervention's period, periods inside their year, shares
of a position, grants beyond the application, board dates, the förbund's budget. Each refusal
comes with the same Swedish words on the page and through the API, and nothing is written."""

import pytest

from samordna.core.permissions import Role
from samordna.funding.models import BudgetLine, Claim, Decision, ForbundBudget
from samordna.funding.tests.factories import accept_all, add_line, running_intervention
from samordna.interventions import services as intervention_services
from samordna.interventions.tests.factories import intervention_of


def _refused(response) -> str:
    assert response.status_code == 422, response.content
    return " ".join(problem["msg"] for problem in response.json()["detail"])


def _kept(response) -> str:
    assert response.status_code == 200, response
    return response.content.decode()


def _line(tenant, **changes):
    return {
        "year": 2021,
        "organisation": tenant.kommun.pk,
        "category": "salaries",
        "source": "forbund",
        "position_percent": "50",
        "amount": "300000",
    } | changes


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"year": 1899}, "1899 ligger utanför perioden 2021–2022"),
        ({"year": 2023}, "2023 ligger utanför perioden 2021–2022"),
        ({"period_start": "0218-01-01"}, "Perioden ska ligga inom radens år, 2021"),
        ({"period_end": "2022-01-31"}, "Perioden ska ligga inom radens år, 2021"),
        ({"position_percent": "250"}, "mindre än eller lika med 100"),
        ({"position_percent": "-5"}, "större än eller lika med 0"),
    ],
)
def test_a_budget_line_outside_the_period_or_over_a_whole_position_is_refused(
    tenant, changes, words
):
    intervention = intervention_of(tenant)
    body = _line(tenant, **changes)
    api = tenant.api(Role.ADMIN).post(
        f"/api/v1/interventions/{intervention.pk}/budget", body, content_type="application/json"
    )
    assert words in _refused(api)
    page = tenant.client(Role.ADMIN).post(f"/finansiering/insats/{intervention.pk}/", body)
    assert words in _kept(page)
    assert not BudgetLine.objects.exists()


def _decision(**changes):
    return {"meeting_date": "2021-06-21", "paragraph": "24", "outcome": "granted"} | changes


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({}, "2021 beviljas 99999999 kr men ansökan begär 10000 kr"),
        ({"meeting_date": "2099-06-21"}, "Datumet 2099-06-21 ligger i framtiden"),
    ],
)
def test_a_decision_granting_more_than_asked_needs_a_reason_and_is_not_dated_ahead(
    tenant, changes, words
):
    intervention = intervention_of(tenant, status="submitted")
    add_line(tenant, intervention, tenant.kommun, 10000)
    api = tenant.api(Role.ADMIN).post(
        f"/api/v1/interventions/{intervention.pk}/decisions",
        _decision(**changes) | {"granted": {"2021": "99999999"}},
        content_type="application/json",
    )
    assert words in _refused(api)
    url = f"/finansiering/insats/{intervention.pk}/beslut/"
    page = tenant.client(Role.ADMIN).post(url, _decision(**changes, granted_2021="99999999"))
    assert words in _kept(page)
    assert not Decision.objects.exists()


def test_a_decision_granting_more_than_asked_with_the_boards_reason_is_recorded(tenant):
    intervention = intervention_of(tenant)
    add_line(tenant, intervention, tenant.kommun, 10000)
    intervention_services.submit(tenant.users[Role.ADMIN], intervention)
    accept_all(tenant, intervention)
    reason = "Styrelsen utökade uppdraget med ett extra år av handledning."
    response = tenant.api(Role.ADMIN).post(
        f"/api/v1/interventions/{intervention.pk}/decisions",
        _decision(over_application_reason=reason) | {"granted": {"2021": "12000"}},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["over_application_reason"] == reason


def test_a_grant_for_a_year_outside_the_period_is_refused(tenant):
    intervention = intervention_of(tenant, status="submitted")
    add_line(tenant, intervention, tenant.kommun, 10000)
    response = tenant.api(Role.ADMIN).post(
        f"/api/v1/interventions/{intervention.pk}/decisions",
        _decision() | {"granted": {"2021": "10000", "1899": "1"}},
        content_type="application/json",
    )
    assert "granted_1899: 1899 ligger utanför perioden 2021–2022" in _refused(response)
    assert not Decision.objects.exists()


def test_a_claim_for_a_year_outside_the_period_is_refused(tenant):
    intervention = running_intervention(tenant)
    body = {
        "organisation": tenant.kommun.pk,
        "period_start": "2023-01-01",
        "period_end": "2023-03-31",
    }
    api = tenant.api(Role.ADMIN).post(
        f"/api/v1/interventions/{intervention.pk}/claims",
        body | {"costs": {"salaries": "1000"}},
        content_type="application/json",
    )
    words = "period_start: 2023 ligger utanför perioden 2021–2022"
    assert words in _refused(api)
    page = tenant.client(Role.ADMIN).post(
        f"/finansiering/insats/{intervention.pk}/rekvisition/ny/", body | {"cost_salaries": "1000"}
    )
    assert "2023 ligger utanför perioden 2021–2022" in _kept(page)
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"allocated_funds": "-1"}, "större än eller lika med 0"),
        ({"audit_costs": "-50000"}, "större än eller lika med 0"),
        ({"year": "218"}, "218 ligger utanför perioden 2004–"),
    ],
)
def test_the_forbunds_budget_has_no_negative_amounts_and_a_real_year(tenant, changes, words):
    body = {
        "year": "2022",
        "allocated_funds": "4000000",
        "other_income": "0",
        "board_costs": "100000",
        "administration_costs": "900000",
        "audit_costs": "50000",
        "opening_equity": "-200000",
    } | changes
    api = tenant.api(Role.ADMIN).post(
        "/api/v1/forbund-budgets",
        body | {"forbund": tenant.forbund.pk},
        content_type="application/json",
    )
    assert words in _refused(api)
    page = tenant.client(Role.ADMIN).post(
        "/finansiering/forbundsbudget/ny/",
        body | {"keys-TOTAL_FORMS": "0", "keys-INITIAL_FORMS": "0"},
    )
    assert words in _kept(page)
    assert not ForbundBudget.objects.exists()

"""The förbund's activity plan with budget (verksamhetsplan): the administrator keeps it, the
board, analyst and auditor read it with the förbund's budget of its years, and agreements cite
it in their text."""

from decimal import Decimal

import pytest

from samordna.core.models import AuditEvent
from samordna.core.permissions import Role
from samordna.funding import documents
from samordna.funding.models import ActivityPlan, ForbundBudget
from samordna.funding.tests.factories import add_line, decide, running_intervention
from samordna.interventions import services as intervention_services
from samordna.interventions.tests.factories import intervention_of

JSON = "application/json"


def _plan(**changes) -> dict:
    return {
        "title": "Verksamhetsplan med budget 2021–2023",
        "first_year": 2021,
        "last_year": 2023,
        "adopted_on": "2020-11-20",
        "adopted_paragraph": "38",
        "priorities": "Unga vuxna 16–29 år.\nTidig samordning via vårdcentralerna.",
    } | changes


def _budget(tenant, year, allocated) -> ForbundBudget:
    return ForbundBudget.objects.create(
        forbund=tenant.forbund,
        year=year,
        allocated_funds=allocated,
        other_income=Decimal(1000),
        administration_costs=Decimal(400000),
        opening_equity=0,
    )


def _page(response) -> str:
    return response.content.decode().replace("\xa0", " ")


def test_the_administrator_adds_a_plan_and_the_board_reads_it_with_its_years_budgets(tenant):
    _budget(tenant, 2021, Decimal(7000000))
    _budget(tenant, 2022, Decimal(7200000))
    _budget(tenant, 2024, Decimal(9000000))  # outside the plan
    response = tenant.client(Role.ADMIN).post("/finansiering/verksamhetsplaner/ny/", _plan())
    plan = ActivityPlan.objects.get()
    assert response.url == f"/finansiering/verksamhetsplaner/{plan.pk}/"
    assert AuditEvent.objects.filter(action="activity_plan.create").exists()
    page = _page(tenant.client(Role.BOARD).get(response.url))
    assert "Unga vuxna 16–29 år." in page and "2020-11-20, § 38" in page
    assert "7 000 000 kr" in page and "7 200 000 kr" in page and "9 000 000 kr" not in page
    assert "Ingen budget för året ännu." in page  # 2023
    result = page.split('id="plan-result">')[1].split("<")[0]
    assert result == "13 402 000 kr"  # 14 202 000 in, 800 000 administration out


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"last_year": 2020}, "Planen slutar före sitt första år."),
        ({"adopted_paragraph": ""}, "Ange paragrafen i styrelsens beslut."),
        ({"adopted_on": "2099-01-01"}, "Datumet 2099-01-01 ligger i framtiden"),
    ],
)
def test_an_implausible_plan_is_refused_alike_on_the_page_and_in_the_api(tenant, changes, words):
    page = tenant.client(Role.ADMIN).post("/finansiering/verksamhetsplaner/ny/", _plan(**changes))
    assert page.status_code == 200 and words in _page(page)
    api = tenant.api(Role.ADMIN).post(
        "/api/v1/activity-plans",
        _plan(**changes) | {"forbund": tenant.forbund.pk},
        content_type=JSON,
    )
    assert api.status_code == 422
    assert words in " ".join(problem["msg"] for problem in api.json()["detail"])
    assert not ActivityPlan.objects.exists()


def test_the_api_creates_changes_and_lists_plans_for_the_roles_that_read_them(tenant):
    api = tenant.api(Role.ADMIN)
    created = api.post(
        "/api/v1/activity-plans", _plan() | {"forbund": tenant.forbund.pk}, content_type=JSON
    )
    assert created.status_code == 201, created.content
    url = f"/api/v1/activity-plans/{created.json()['id']}"
    changed = api.put(url, _plan(title="Verksamhetsplan 2021–2023, reviderad"), content_type=JSON)
    assert changed.json()["title"] == "Verksamhetsplan 2021–2023, reviderad"
    for role in (Role.BOARD, Role.ANALYST, Role.AUDITOR):
        assert tenant.api(role).get("/api/v1/activity-plans").json()["items"][0]["years"] == (
            "2021–2023"
        )
    assert tenant.api(Role.STAFF).get(url).status_code == 403
    assert tenant.api(Role.ANALYST).put(url, _plan(), content_type=JSON).status_code == 403


def test_an_agreement_cites_the_plan_it_follows(tenant):
    admin = tenant.api(Role.ADMIN)
    plan = admin.post(
        "/api/v1/activity-plans", _plan() | {"forbund": tenant.forbund.pk}, content_type=JSON
    ).json()
    intervention = running_intervention(tenant)
    agreement = intervention.agreements.get()
    assert "verksamhetsplan" not in " ".join(
        p for s in documents.agreement_sections(agreement) for p in s.paragraphs
    )
    agreement.activity_plan_id = plan["id"]
    agreement.save()
    text = " ".join(p for s in documents.agreement_sections(agreement) for p in s.paragraphs)
    assert "i enlighet med förbundets verksamhetsplan 2021–2023" in text
    page = _page(tenant.client(Role.BOARD).get(f"/finansiering/verksamhetsplaner/{plan['id']}/"))
    assert agreement.title in page


def test_a_new_agreement_cites_the_plan_that_covers_its_start_unless_told_otherwise(tenant):
    admin = tenant.api(Role.ADMIN)
    admin.post(
        "/api/v1/activity-plans", _plan() | {"forbund": tenant.forbund.pk}, content_type=JSON
    )
    intervention = intervention_of(tenant)
    add_line(tenant, intervention, tenant.kommun, 1000)
    intervention_services.submit(tenant.users[Role.ADMIN], intervention)
    decide(tenant, intervention, {2021: 1000})
    form = tenant.client(Role.ADMIN).get(f"/finansiering/insats/{intervention.pk}/avtal/")
    assert form.context["form"].initial["activity_plan"] == ActivityPlan.objects.get()
    agreement = admin.put(
        f"/api/v1/interventions/{intervention.pk}/agreement",
        {"title": "Uppdragsavtal", "period_start": "2021-10-01", "period_end": "2021-12-31"}
        | {"payment_frequency": "tertial"},
        content_type=JSON,
    )
    assert agreement.json()["activity_plan"] == ActivityPlan.objects.get().pk

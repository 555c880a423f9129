"""Budget lines and their totals: the database sums, in every grouping the template shows."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samordna.accounts.services import create_api_token
from samordna.core.permissions import Role
from samordna.funding import queries, services
from samordna.funding.forms import BudgetLineForm, ForbundBudgetForm
from samordna.funding.models import BudgetCategory, BudgetLine, ForbundBudget, FundingSource
from samordna.funding.tests.factories import add_line, decide
from samordna.interventions import services as intervention_services
from samordna.interventions.tests.factories import intervention_of

LINE = st.tuples(
    st.sampled_from([2021, 2022]),
    st.sampled_from(["kommun", "region", "forsakringskassan"]),
    st.sampled_from(BudgetCategory.values),
    st.sampled_from(FundingSource.values),
    st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lines=st.lists(LINE, max_size=12))
def test_totals_equal_the_sum_of_their_lines_in_every_grouping(tenant, lines):
    intervention = intervention_of(tenant)
    BudgetLine.objects.bulk_create(
        BudgetLine(
            forbund=tenant.forbund,
            intervention=intervention,
            year=year,
            organisation=getattr(tenant, organisation),
            category=category,
            source=source,
            position_percent=Decimal(100),
            amount=amount,
        )
        for year, organisation, category, source, amount in lines
    )
    totals = queries.budget_totals(intervention.budget_lines.all())

    def expected(key):
        sums = {}
        for line in lines:
            group = sums.setdefault(key(line), {"forbund": 0, "own": 0, "total": 0})
            group[line[3]] += line[4]
            group["total"] += line[4]
        return {
            k: {n: Decimal(v).quantize(Decimal("0.01")) for n, v in g.items()}
            for k, g in sums.items()
        }

    names = {o: getattr(tenant, o).name for o in ("kommun", "region", "forsakringskassan")}
    assert totals.per_year == expected(lambda line: line[0])
    assert totals.per_organisation == expected(lambda line: names[line[1]])
    assert totals.per_category == expected(lambda line: line[2])
    assert totals.per_year_and_organisation == expected(lambda line: (line[0], names[line[1]]))
    assert totals.per_year_and_category == expected(lambda line: (line[0], line[2]))
    overall = sum((line[4] for line in lines), Decimal(0))
    assert totals.overall["total"] == overall.quantize(Decimal("0.01"))
    assert totals.overall["forbund"] + totals.overall["own"] == totals.overall["total"]
    for budget_year in queries.budget_years(intervention):
        assert budget_year.total["total"] == sum(s["total"] for s in budget_year.sources)
    BudgetLine.objects.filter(intervention=intervention).delete()


def test_a_salary_line_needs_the_position_percent(tenant):
    intervention = intervention_of(tenant)
    form = BudgetLineForm(
        {
            "year": 2021,
            "organisation": tenant.kommun.pk,
            "category": "salaries",
            "source": "forbund",
            "amount": "1000",
        },
        intervention=intervention,
    )
    assert not form.is_valid()
    assert "position_percent" in form.errors


def test_only_parties_can_have_budget_lines(tenant, other_tenant):
    intervention = intervention_of(tenant)
    form = BudgetLineForm(
        {
            "year": 2021,
            "organisation": tenant.region.pk,
            "category": "travel",
            "source": "own",
            "amount": "10",
        },
        intervention=intervention,
    )
    assert "organisation" in form.errors


def test_a_decided_budget_is_fixed(tenant):
    intervention = intervention_of(tenant)
    line = add_line(tenant, intervention, tenant.kommun, 1000)
    intervention_services.submit(tenant.users[Role.ADMIN], intervention)
    decide(tenant, intervention, {2021: 1000})
    with pytest.raises(ValidationError):
        services.delete_budget_line(tenant.users[Role.ADMIN], line)


def test_own_financing_counts_in_the_total_cost_but_not_in_the_asked_amount(tenant):
    intervention = intervention_of(tenant)
    add_line(tenant, intervention, tenant.kommun, 1000)
    add_line(tenant, intervention, tenant.kommun, 300, "premises_rent", source="own")
    totals = queries.budget_totals(intervention.budget_lines.all())
    assert totals.per_year[2021] == {
        "forbund": Decimal("1000.00"),
        "own": Decimal("300.00"),
        "total": Decimal("1300.00"),
    }
    assert queries.asked(intervention, 2021) == Decimal("1000.00")


def test_editing_a_budget_line_on_its_page_changes_it(tenant):
    intervention = intervention_of(tenant)
    line = add_line(tenant, intervention, tenant.kommun, 1000)
    client = tenant.client(Role.ADMIN)
    url = reverse("funding:budget_line_edit", args=[line.pk])
    assert client.get(url).status_code == 200
    data = {"year": 2021, "organisation": tenant.kommun.pk, "category": "travel"}
    response = client.post(url, data | {"source": "own", "amount": "2500"})
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.category, line.source, line.amount) == ("travel", "own", Decimal("2500"))


def test_a_failed_budget_line_edit_keeps_what_the_user_typed(tenant):
    intervention = intervention_of(tenant)
    line = add_line(tenant, intervention, tenant.kommun, 1000)
    response = tenant.client(Role.ADMIN).post(
        reverse("funding:budget_line_edit", args=[line.pk]),
        {
            "year": 2021,
            "organisation": tenant.kommun.pk,
            "category": "salaries",
            "source": "forbund",
            "description": "Coach",
            "amount": "4711",
        },
    )
    assert response.status_code == 200
    assert "position_percent" in response.context["form"].errors
    assert b'value="4711"' in response.content and b'value="Coach"' in response.content
    line.refresh_from_db()
    assert line.amount == Decimal("1000")


def test_a_decided_budget_line_cannot_be_edited_on_its_page(tenant):
    intervention = intervention_of(tenant)
    line = add_line(tenant, intervention, tenant.kommun, 1000)
    intervention_services.submit(tenant.users[Role.ADMIN], intervention)
    decide(tenant, intervention, {2021: 1000})
    response = tenant.client(Role.ADMIN).post(
        reverse("funding:budget_line_edit", args=[line.pk]),
        {
            "year": 2021,
            "organisation": tenant.kommun.pk,
            "category": "staff_training",
            "source": "forbund",
            "amount": "9",
        },
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    line.refresh_from_db()
    assert line.amount == Decimal("1000")


def test_the_api_patches_a_budget_line_and_refuses_a_decided_one(client, tenant):
    intervention = intervention_of(tenant)
    line = add_line(tenant, intervention, tenant.kommun, 1000)
    _token, secret = create_api_token(tenant.users[Role.ADMIN], "test")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    url = f"/api/v1/budget-lines/{line.pk}"
    response = client.patch(url, {"amount": "1500.50"}, "application/json", **headers)
    assert response.status_code == 200, response.content
    assert response.json()["amount"] == "1500.50"
    assert response.json()["category"] == "staff_training"
    bad = client.patch(url, {"category": "salaries"}, "application/json", **headers)
    assert bad.status_code == 422
    intervention_services.submit(tenant.users[Role.ADMIN], intervention)
    decide(tenant, intervention, {2021: 1000})
    refused = client.patch(url, {"amount": "1"}, "application/json", **headers)
    assert refused.status_code == 422


def test_budget_amounts_are_typed_as_a_swede_writes_them(tenant):
    intervention = intervention_of(tenant)
    form = BudgetLineForm(
        {
            "year": 2021,
            "organisation": tenant.kommun.pk,
            "category": "travel",
            "source": "own",
            "amount": "12 500,50",
        },
        intervention=intervention,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal("12500.50")
    assert 'inputmode="decimal"' in str(form["amount"])


def test_the_forbund_budget_shows_and_takes_amounts_with_spaces(tenant):
    budget = ForbundBudget(forbund=tenant.forbund, year=2021, allocated_funds=Decimal(3011000))
    shown = ForbundBudgetForm(instance=budget, forbund=tenant.forbund)
    assert 'value="3\xa0011\xa0000"' in str(shown["allocated_funds"])
    typed = {"year": 2021, "allocated_funds": "3 011 000", "other_income": "1 234,50"}
    typed |= dict.fromkeys(["board_costs", "administration_costs", "audit_costs"], "0")
    form = ForbundBudgetForm(typed | {"opening_equity": "-250 000"}, forbund=tenant.forbund)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["allocated_funds"] == Decimal(3011000)
    assert form.cleaned_data["opening_equity"] == Decimal(-250000)
    refused = ForbundBudgetForm(typed | {"audit_costs": "tusen"}, forbund=tenant.forbund)
    assert refused["audit_costs"].value() == "tusen"
    assert refused.errors["audit_costs"] == ["Fyll i ett tal."]

"""Budget lines as unit price × quantity (850 kr a week × 35 weeks × 15 places) and as a share
of staff costs (overheads 20 %): the amount is worked out and the sums stay right."""

from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samordna.core.permissions import Role
from samordna.funding import queries, services
from samordna.funding.models import BudgetLine
from samordna.funding.tests.factories import add_line
from samordna.interventions.tests.factories import intervention_of

JSON = "application/json"


def test_a_line_priced_per_unit_works_out_its_amount_on_the_page(tenant):
    intervention = intervention_of(tenant)
    response = tenant.client(Role.ADMIN).post(
        reverse("funding:overview", args=[intervention.pk]),
        {
            "year": 2021,
            "organisation": tenant.kommun.pk,
            "category": "purchased_services",
            "source": "forbund",
            "description": "Arbetsträning",
            "unit_price": "850",
            "quantity": "35",
            "times": "15",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    line = BudgetLine.objects.get()
    assert line.amount == Decimal("446250.00")
    assert line.derivation == "850 kr × 35 × 15"
    overview = tenant.client(Role.ADMIN).get(reverse("funding:overview", args=[intervention.pk]))
    assert "850 kr × 35 × 15" in overview.content.decode()


def test_overheads_follow_the_salaries_they_are_a_share_of(tenant):
    intervention = intervention_of(tenant)
    salary = add_line(
        tenant, intervention, tenant.kommun, "400000", "salaries", position_percent="100"
    )
    overheads = add_line(
        tenant, intervention, tenant.kommun, "", "premises_other", share_of_staff_costs="20"
    )
    assert overheads.amount == Decimal("80000.00")
    assert overheads.derivation == "20 % av personalkostnaderna"
    add_line(tenant, intervention, tenant.kommun, "50000", "salaries", position_percent="25")
    overheads.refresh_from_db()
    assert overheads.amount == Decimal("90000.00")
    services.delete_budget_line(tenant.users[Role.ADMIN], salary)
    overheads.refresh_from_db()
    assert overheads.amount == Decimal("10000.00")


def test_the_api_works_out_the_amount_and_refuses_half_a_price(tenant):
    intervention = intervention_of(tenant)
    api = tenant.api(Role.ADMIN)
    url = f"/api/v1/interventions/{intervention.pk}/budget"
    line = {
        "year": 2021,
        "organisation": tenant.kommun.pk,
        "category": "purchased_services",
        "unit_price": "850",
    }
    refused = api.post(url, line, JSON)
    assert refused.status_code == 422
    assert [(p["loc"][-1], p["msg"]) for p in refused.json()["detail"]] == [
        ("quantity", "quantity: Ange både styckpriset och antalet.")
    ]
    added = api.post(url, line | {"quantity": "35", "times": 15}, JSON).json()
    assert added["lines"][0]["amount"] == "446250.00"
    assert added["overall"]["forbund"] == "446250.00"


def test_a_line_without_amount_price_or_share_is_refused(tenant):
    intervention = intervention_of(tenant)
    response = tenant.api(Role.ADMIN).post(
        f"/api/v1/interventions/{intervention.pk}/budget",
        {"year": 2021, "organisation": tenant.kommun.pk, "category": "travel"},
        JSON,
    )
    assert response.status_code == 422
    assert [p["loc"][-1] for p in response.json()["detail"]] == ["amount"]


MONEY = st.decimals(min_value=0, max_value=2_000_000, places=2, allow_nan=False)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    salaries=st.lists(MONEY, min_size=1, max_size=3),
    share=st.decimals(min_value=0, max_value=100, places=2, allow_nan=False),
    price=st.decimals(min_value=0, max_value=5_000, places=2, allow_nan=False),
    quantity=st.integers(min_value=0, max_value=52),
    times=st.integers(min_value=1, max_value=40),
)
def test_derived_amounts_and_totals_add_up(tenant, salaries, share, price, quantity, times):
    with transaction.atomic():
        intervention = intervention_of(tenant)
        overheads = add_line(
            tenant, intervention, tenant.kommun, "", "premises_other", share_of_staff_costs=share
        )
        for amount in salaries:
            add_line(tenant, intervention, tenant.kommun, amount, "salaries", position_percent=50)
        priced = add_line(
            tenant,
            intervention,
            tenant.kommun,
            "",
            "purchased_services",
            unit_price=price,
            quantity=quantity,
            times=times,
        )
        overheads.refresh_from_db()
        staff_costs = sum(salaries, Decimal(0))
        assert overheads.amount == (staff_costs * share / 100).quantize(Decimal("0.01"))
        assert priced.amount == price * quantity * times
        overall = queries.budget_totals(intervention.budget_lines.all()).overall
        assert overall["forbund"] == staff_costs + overheads.amount + priced.amount
        transaction.set_rollback(True)

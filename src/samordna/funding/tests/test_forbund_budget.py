"""The förbund's own budget: the law's shares, the municipalities' key, costs and the result."""

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samordna.core.permissions import Role
from samordna.funding import queries
from samordna.funding.models import ContributionKey, ForbundBudget
from samordna.funding.tests.factories import running_intervention
from samordna.organisations.models import Organisation, OrganisationKind
from samordna.organisations.tests.factories import (
    MunicipalityOrganisationFactory,
    OrganisationFactory,
)


def _by_name(rows):
    return {row["organisation"].name: row["amount"] for row in rows}


def test_state_half_region_quarter_municipalities_quarter_by_population(tenant):
    second = MunicipalityOrganisationFactory(
        forbund=tenant.forbund, municipality=tenant.forbund.municipalities.last()
    )
    af = OrganisationFactory(
        forbund=tenant.forbund, name="Arbetsförmedlingen", kind=OrganisationKind.ARBETSFORMEDLINGEN
    )
    budget = ForbundBudget.objects.create(
        forbund=tenant.forbund, year=2022, allocated_funds=Decimal(4000000), opening_equity=0
    )
    ContributionKey.objects.create(
        forbund=tenant.forbund, budget=budget, organisation=tenant.kommun, key=3
    )
    ContributionKey.objects.create(
        forbund=tenant.forbund, budget=budget, organisation=second, key=1
    )
    amounts = _by_name(queries.member_contributions(budget))
    assert amounts[tenant.forsakringskassan.name] == Decimal("2000000.00")
    assert amounts[tenant.region.name] == Decimal("1000000.00")
    assert amounts[tenant.kommun.name] == Decimal("750000.00")
    assert amounts[second.name] == Decimal("250000.00")
    assert amounts[af.name] == Decimal("0.00")


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    funds=st.integers(min_value=0, max_value=50_000_000),
    keys=st.lists(st.integers(min_value=1, max_value=200_000), min_size=1, max_size=1),
)
def test_contributions_add_up_to_the_allocated_funds_in_whole_kronor(tenant, funds, keys):
    budget, _ = ForbundBudget.objects.update_or_create(
        forbund=tenant.forbund,
        year=2022,
        defaults={"allocated_funds": Decimal(funds), "opening_equity": 0},
    )
    ContributionKey.objects.update_or_create(
        forbund=tenant.forbund, budget=budget, organisation=tenant.kommun, defaults={"key": keys[0]}
    )
    rows = queries.member_contributions(budget)
    assert sum(row["amount"] for row in rows) == Decimal(funds)
    assert all(row["amount"] == row["amount"].to_integral_value() for row in rows)


def test_without_keys_the_municipalities_share_equally(tenant):
    MunicipalityOrganisationFactory(
        forbund=tenant.forbund, municipality=tenant.forbund.municipalities.last()
    )
    budget = ForbundBudget.objects.create(
        forbund=tenant.forbund, year=2022, allocated_funds=Decimal(1000001), opening_equity=0
    )
    municipal = [
        row["amount"]
        for row in queries.member_contributions(budget)
        if row["organisation"].kind == OrganisationKind.MUNICIPALITY
    ]
    assert sorted(municipal) == [Decimal("125000.00"), Decimal("125000.00")]
    assert Organisation.objects.filter(forbund=tenant.forbund).count() == 4


def test_the_result_counts_granted_interventions_as_costs(tenant):
    running_intervention(tenant, granted=Decimal(300000))
    budget = ForbundBudget.objects.create(
        forbund=tenant.forbund,
        year=2021,
        allocated_funds=Decimal(1000000),
        other_income=Decimal(5000),
        board_costs=Decimal(50000),
        administration_costs=Decimal(400000),
        audit_costs=Decimal(30000),
        opening_equity=Decimal(200000),
    )
    result = queries.forbund_result(budget)
    assert result["interventions"] == Decimal("300000.00")
    assert result["result"] == Decimal("225000.00")
    assert result["closing_equity"] == Decimal("425000.00")


def test_the_budget_pages(tenant):
    client = tenant.client(Role.ADMIN)
    data = {
        "year": "2022",
        "allocated_funds": "4000000",
        "other_income": "0",
        "board_costs": "100000",
        "administration_costs": "900000",
        "audit_costs": "50000",
        "opening_equity": "1000000",
        "keys-TOTAL_FORMS": "1",
        "keys-INITIAL_FORMS": "0",
        "keys-0-organisation": tenant.kommun.pk,
        "keys-0-key": "29600",
    }
    response = client.post("/finansiering/forbundsbudget/ny/", data, follow=True)
    page = response.content.decode()
    assert "Förbundets budget 2022" in page
    assert "2 000 000" in page.replace("\xa0", " ")
    again = client.post("/finansiering/forbundsbudget/ny/", data)
    assert "redan en budget" in again.content.decode()
    assert tenant.client(Role.STAFF).get("/finansiering/forbundsbudget/").status_code == 403

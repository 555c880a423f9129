"""Money and Uppföljning Finsam, checked against a hand-computed budget, decisions and claims."""

from datetime import date
from decimal import Decimal

import pytest

from samordna.core.permissions import Role
from samordna.funding import services
from samordna.funding.models import (
    BudgetLine,
    Claim,
    ClaimLine,
    ClaimStatus,
    Decision,
    ForbundBudget,
    GrantedAmount,
)
from samordna.funding.tests.factories import running_intervention
from samordna.interventions.models import FollowUpMethod, InterventionKind
from samordna.participants.choices import Occupation
from samordna.participants.models import CountRegistration
from samordna.reports.tests.cohort import build_cohort
from samordna.reports.tests.factories import EnrolmentFactory, intervention_in
from samordna.reports.tests.helpers import published, run


def _line(tenant, intervention, amount, category="travel", source="forbund", **fields):
    return BudgetLine.objects.create(
        forbund=tenant.forbund,
        intervention=intervention,
        year=2025,
        organisation=tenant.kommun,
        category=category,
        source=source,
        amount=Decimal(amount),
        **fields,
    )


def _grant(tenant, intervention, meeting: date, amount, year=2025):
    decision = Decision.objects.create(
        forbund=tenant.forbund,
        intervention=intervention,
        meeting_date=meeting,
        paragraph="12",
        outcome="granted",
    )
    GrantedAmount.objects.create(
        forbund=tenant.forbund, decision=decision, year=year, amount=Decimal(amount)
    )


def _claim(tenant, intervention, start: date, end: date, status, **lines):
    claim = Claim.objects.create(
        forbund=tenant.forbund,
        intervention=intervention,
        organisation=tenant.kommun,
        period_start=start,
        period_end=end,
        status=status,
    )
    for category, amount in lines.items():
        ClaimLine.objects.create(
            forbund=tenant.forbund, claim=claim, category=category, amount=Decimal(amount)
        )


@pytest.fixture
def money(tenant):
    """Samverkansteam, 2025: budget 300 000 + 50 000 from the förbund, 40 000 own; granted
    320 000, then revised to 340 000; claims 110 000 approved (T1) and 120 000 submitted (T2);
    a rejected claim and a 2024 claim never count."""
    cohort = build_cohort(tenant)
    team = cohort.team
    team.budgeted_participants = 40
    team.save()
    _line(tenant, team, "300000", "salaries", position_percent=Decimal("100"))
    _line(tenant, team, "50000")
    _line(tenant, team, "40000", source="own")
    _grant(tenant, team, date(2024, 11, 20), "320000")
    _grant(tenant, team, date(2025, 3, 18), "340000")
    _claim(
        tenant,
        team,
        date(2025, 1, 1),
        date(2025, 4, 30),
        ClaimStatus.APPROVED,
        salaries="100000",
        travel="10000",
    )
    _claim(
        tenant, team, date(2025, 5, 1), date(2025, 8, 31), ClaimStatus.SUBMITTED, salaries="120000"
    )
    _claim(tenant, team, date(2025, 9, 1), date(2025, 12, 31), ClaimStatus.REJECTED, travel="5000")
    _claim(tenant, team, date(2024, 9, 1), date(2024, 12, 31), ClaimStatus.APPROVED, travel="99000")
    return cohort


def test_budget_grant_claims_and_utilisation_per_intervention(tenant, money):
    table = run(tenant, "money")["money"]
    team = str(money.team.pk)
    assert table.value(team, "budget") == Decimal("350000")
    assert table.value(team, "own") == Decimal("40000")
    assert table.value(team, "granted") == Decimal("340000")  # the latest decision counts
    assert table.value(team, "claimed") == Decimal("230000")
    assert table.value(team, "approved") == Decimal("110000")
    assert table.column_totals["budget"] == Decimal("350000")
    shown = published(tenant, "money")["money"]
    assert round(shown.cell(team, "utilisation").value, 1) == Decimal("67.6")
    assert shown.cell(team, "per_participant").text == ".."  # 3 participants: under the threshold
    assert shown.cell(str(money.lokus.pk), "utilisation").text == "–"  # nothing granted
    assert shown.cell(team, "budgeted_participants").text == "40"  # a plan, counting no one
    assert table.column_totals["budgeted_participants"] == 40


def test_cost_per_participant_once_enough_took_part(tenant):
    intervention = intervention_in(tenant, name="IPS")
    EnrolmentFactory.create_batch(5, intervention=intervention, start=date(2025, 3, 1))
    EnrolmentFactory.create_batch(
        5,
        intervention=intervention,
        start=date(2025, 1, 1),
        end_date=date(2025, 9, 1),
        occupation_at_end=Occupation.WORK_PART_TIME,
    )
    _claim(
        tenant, intervention, date(2025, 1, 1), date(2025, 6, 30), ClaimStatus.PAID, travel="50000"
    )
    code = str(intervention.pk)
    table = run(tenant, "money")["money"]
    assert (table.value(code, "participants"), table.value(code, "reached")) == (10, 5)
    exact = published(tenant, "money", exact=True)["money"]
    assert exact.cell(code, "per_participant").value == Decimal("5000")
    assert exact.cell(code, "per_reached").value == Decimal("10000")
    shown = published(tenant, "money")["money"]
    participants = shown.cell(code, "participants").value
    assert shown.cell(code, "per_participant").value == Decimal("50000") / participants


def test_money_is_for_the_board_but_not_for_intervention_staff(tenant, money):
    assert tenant.client(Role.BOARD).get("/rapporter/ekonomi/").status_code == 200
    assert tenant.client(Role.STAFF).get("/rapporter/ekonomi/").status_code == 403


def test_uppfoljning_finsam_figures_ready_to_copy(tenant, money):
    network = intervention_in(
        tenant,
        name="Lokalt nätverk",
        kind=InterventionKind.STRUCTURAL,
        follow_up_method=FollowUpMethod.COUNT_ONLY,
    )
    for start, end, gender, count in [
        (date(2025, 1, 1), date(2025, 4, 30), "woman", 7),
        (date(2025, 1, 1), date(2025, 4, 30), "man", 3),
        (date(2025, 5, 1), date(2025, 8, 31), "woman", 2),
        (date(2024, 9, 1), date(2024, 12, 31), "woman", 50),
    ]:
        CountRegistration.objects.create(
            forbund=tenant.forbund,
            intervention=network,
            period_start=start,
            period_end=end,
            gender=gender,
            count=count,
        )
    ForbundBudget.objects.create(
        forbund=tenant.forbund,
        year=2025,
        allocated_funds=Decimal("5000000"),
        administration_costs=Decimal("600000"),
        opening_equity=Decimal("800000"),
    )
    tables = run(tenant, "finsam")
    team = str(money.team.pk)
    assert tables["active_intervention"].row_totals[team] == 3
    assert tables["active_intervention"].value(team, "woman") == 2
    counts = tables["finsam_counts"]
    assert counts.row_totals == {str(network.pk): 12}
    assert counts.value(str(network.pk), "woman") == 9
    finance = tables["finsam_money"]
    assert finance.value(team, "budget") == Decimal("350000")
    assert finance.value(team, "outcome") == Decimal("110000")
    assert finance.value(team, "budgeted_participants") == 40
    forbund = tables["finsam_forbund"]
    assert forbund.value("allocated_funds", "amount") == Decimal("5000000")
    assert forbund.value("opening_equity", "amount") == Decimal("800000")
    assert forbund.value("administration_costs", "amount") == Decimal("600000")


def test_a_first_month_claimed_by_the_hour_counts_as_its_amount(tenant):
    intervention = running_intervention(tenant)
    services.submit_claim(
        tenant.users[Role.ADMIN],
        intervention,
        tenant.kommun,
        date(2021, 10, 1),
        date(2021, 10, 31),
        {"travel": Decimal("500")},
        hours=Decimal("100"),
    )
    table = run(tenant, "money", year=2021)["money"]
    assert table.value(str(intervention.pk), "claimed") == Decimal("35500")  # 100 h × 350 kr

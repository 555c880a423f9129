"""Reimbursement claims: against budget and grant, flagged when over, decided in order."""

import contextlib
import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samordna.core.permissions import Role
from samordna.funding import queries, services
from samordna.funding.models import Claim, ClaimStatus
from samordna.funding.tests.factories import running_intervention

OCTOBER = (date(2021, 10, 1), date(2021, 10, 31))


def claim(tenant, intervention, amount, reason="", role=Role.ADMIN, organisation=None):
    return services.submit_claim(
        tenant.users[role],
        intervention,
        organisation or tenant.kommun,
        *OCTOBER,
        {"salaries": Decimal(amount)},
        reason,
    )


def test_claim_over_grant_needs_reason(tenant):
    intervention = running_intervention(tenant, budget=Decimal(100000), granted=Decimal(90000))
    claim(tenant, intervention, 60000)
    with pytest.raises(ValidationError, match="motivering"):
        claim(tenant, intervention, 40000)
    flagged = claim(tenant, intervention, 40000, reason="Dubbel bemanning i december")
    assert flagged.exceeds_grant
    assert flagged.over_grant_reason == "Dubbel bemanning i december"


def test_a_claim_within_budget_and_grant_is_not_flagged(tenant):
    intervention = running_intervention(tenant)
    assert not claim(tenant, intervention, 50000).exceeds_grant


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    amounts=st.lists(st.integers(min_value=1, max_value=80000), min_size=1, max_size=4),
    granted=st.integers(min_value=1, max_value=150000),
)
def test_a_claim_never_silently_exceeds_the_grant(tenant, amounts, granted):
    intervention = running_intervention(tenant, budget=Decimal(100000), granted=Decimal(granted))
    for amount in amounts:
        try:
            made = claim(tenant, intervention, amount)
        except ValidationError:
            continue
        overview = queries.claim_overview(
            intervention, tenant.kommun, 2021, queries.claim_amounts(made), exclude_claim=made
        )
        assert not overview.exceeds and not made.exceeds_grant
    counted = Claim.objects.filter(intervention=intervention).exclude(status=ClaimStatus.REJECTED)
    claimed = sum(line.amount for c in counted for line in c.lines.all())
    assert claimed <= min(Decimal(granted), Decimal(100000))


def test_the_overview_shows_budget_claimed_this_and_remaining(tenant):
    intervention = running_intervention(tenant, budget=Decimal(100000))
    first = claim(tenant, intervention, 30000)
    second = claim(tenant, intervention, 20000)
    overview = queries.claim_overview(
        intervention, tenant.kommun, 2021, queries.claim_amounts(second), exclude_claim=second
    )
    row = overview.rows[0]
    assert (row["budget"], row["claimed_before"], row["this_claim"], row["remaining"]) == (
        Decimal("100000.00"),
        Decimal("30000.00"),
        Decimal("20000.00"),
        Decimal("50000.00"),
    )
    services.reject_claim(tenant.users[Role.ADMIN], first, "Fel period")
    after = queries.claim_overview(
        intervention, tenant.kommun, 2021, queries.claim_amounts(second), exclude_claim=second
    )
    assert after.total["claimed_before"] == Decimal("0.00")


def test_approve_then_pay_and_reject_needs_a_reason(tenant):
    intervention = running_intervention(tenant)
    admin = tenant.users[Role.ADMIN]
    made = claim(tenant, intervention, 1000)
    with pytest.raises(ValidationError):
        services.mark_claim_paid(admin, made)
    with pytest.raises(ValidationError):
        services.reject_claim(admin, made, "  ")
    services.approve_claim(admin, made)
    paid = services.mark_claim_paid(admin, made, date(2021, 12, 1))
    assert paid.status == ClaimStatus.PAID and paid.paid_on == date(2021, 12, 1)
    assert queries.utilisation(intervention)[0]["paid"] == Decimal("1000.00")


def test_staff_claim_only_for_their_own_organisation(tenant):
    intervention = running_intervention(tenant)
    assert claim(tenant, intervention, 100, role=Role.STAFF).organisation == tenant.kommun
    with pytest.raises(PermissionDenied):
        claim(tenant, intervention, 100, role=Role.STAFF, organisation=tenant.forsakringskassan)
    with pytest.raises(PermissionDenied):
        services.approve_claim(tenant.users[Role.STAFF], Claim.objects.first())


def test_no_claims_before_the_agreement_is_signed(tenant):
    from samordna.interventions.tests.factories import intervention_of

    with pytest.raises(ValidationError):
        claim(tenant, intervention_of(tenant), 100)


def test_a_claim_stays_within_one_year_and_the_agreement(tenant):
    intervention = running_intervention(tenant)
    admin = tenant.users[Role.ADMIN]
    with pytest.raises(ValidationError):
        services.submit_claim(
            admin,
            intervention,
            tenant.kommun,
            date(2021, 12, 1),
            date(2022, 1, 31),
            {"travel": Decimal(1)},
        )
    with pytest.raises(ValidationError):
        services.submit_claim(
            admin,
            intervention,
            tenant.kommun,
            date(2023, 1, 1),
            date(2023, 1, 31),
            {"travel": Decimal(1)},
        )


def test_utilisation_per_year(tenant):
    intervention = running_intervention(tenant, budget=Decimal(100000), granted=Decimal(80000))
    services.approve_claim(tenant.users[Role.ADMIN], claim(tenant, intervention, 20000))
    claim(tenant, intervention, 5000)
    row = queries.utilisation(intervention)[0]
    assert row["asked"] == Decimal("100000.00")
    assert row["granted"] == Decimal("80000.00")
    assert row["approved"] == Decimal("20000.00")
    assert row["remaining"] == Decimal("60000.00")
    assert row["percent"] == Decimal("25.0")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_claims_at_once_cannot_together_pass_the_grant_unflagged(tenant, monkeypatch):
    """Each claim alone fits the grant, both together do not. Without a lock both threads read
    the claims before either writes; with it, the second reads the first and needs a reason."""
    intervention = running_intervention(tenant, budget=Decimal(100000), granted=Decimal(90000))
    both_checked = threading.Barrier(2)
    overview = queries.claim_overview

    def overview_then_wait_for_the_other(*args, **kwargs):
        result = overview(*args, **kwargs)
        with contextlib.suppress(threading.BrokenBarrierError):
            both_checked.wait(timeout=1)  # the locked one waits in vain, then goes on
        return result

    monkeypatch.setattr(queries, "claim_overview", overview_then_wait_for_the_other)
    outcomes = []

    def submit():
        try:
            claim(tenant, intervention, 60000)
            outcomes.append("submitted")
        except ValidationError:
            outcomes.append("needs a reason")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["needs a reason", "submitted"]

"""Supplementary applications: a decided year opens only through a supplementary application,
whose decision supersedes the year's grant while the earlier decision and the paid claims stay."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from samordna.core.permissions import Role
from samordna.funding import queries, services
from samordna.funding.models import GrantedAmount
from samordna.funding.tests.factories import (
    add_line,
    decide,
    draw_agreement,
    sign_agreement,
)
from samordna.interventions import services as intervention_services
from samordna.interventions.tests.factories import intervention_of

JSON = "application/json"


@pytest.fixture
def running(tenant):
    """Granted 812 000 kr for 2021 and 3 048 000 kr for 2022, signed, running, with a claim of
    2021 paid."""
    admin = tenant.users[Role.ADMIN]
    intervention = intervention_of(tenant)
    add_line(tenant, intervention, tenant.kommun, "812400", year=2021)
    add_line(tenant, intervention, tenant.kommun, "3048000", year=2022)
    intervention_services.submit(admin, intervention)
    decide(tenant, intervention, {2021: "812000", 2022: "3048000"})
    sign_agreement(tenant, draw_agreement(tenant, intervention))
    intervention_services.start(admin, intervention)
    claim = services.submit_claim(
        admin,
        intervention,
        tenant.kommun,
        date(2021, 10, 1),
        date(2021, 10, 31),
        {"staff_training": Decimal("800000")},
    )
    services.mark_claim_paid(admin, services.approve_claim(admin, claim), date(2021, 11, 20))
    return intervention


def _open_2021(tenant, intervention, reason="Fler deltagare än beräknat"):
    return services.open_supplement(tenant.users[Role.ADMIN], intervention, 2021, reason)


def _supplement_2021_decided(tenant, intervention):
    _open_2021(tenant, intervention)
    add_line(tenant, intervention, tenant.kommun, "100000", year=2021)
    services.submit_revision(tenant.users[Role.ADMIN], intervention)
    return decide(tenant, intervention, {2021: "900000"}, meeting_date="2021-11-15")


def test_a_decided_year_changes_only_through_a_supplementary_application(tenant, running):
    with pytest.raises(ValidationError, match="endast genom en tilläggsansökan"):
        add_line(tenant, running, tenant.kommun, "100000", year=2021)
    _open_2021(tenant, running)
    add_line(tenant, running, tenant.kommun, "100000", year=2021)
    with pytest.raises(ValidationError, match="endast genom en tilläggsansökan"):
        add_line(tenant, running, tenant.kommun, "100000", year=2022)


def test_the_supplements_decision_supersedes_the_years_grant_and_keeps_the_history(tenant, running):
    first = queries.latest_decision(running)
    supplement = _supplement_2021_decided(tenant, running)
    assert queries.granted_per_year(running) == {2021: Decimal("900000"), 2022: Decimal("3048000")}
    new_grant = supplement.amounts.get(year=2021)
    assert new_grant.supersedes == first.amounts.get(year=2021)
    assert GrantedAmount.objects.filter(decision=first).count() == 2
    assert running.supplements.get().decision == supplement
    with pytest.raises(ValidationError, match="endast genom en tilläggsansökan"):
        add_line(tenant, running, tenant.kommun, "1", year=2021)


def test_paid_claims_stay_with_the_year_and_a_claim_is_checked_against_the_new_grant(
    tenant, running
):
    costs = {"staff_training": Decimal("90000")}
    before = queries.claim_overview(running, tenant.kommun, 2021, costs)
    assert before.exceeds_grant
    _supplement_2021_decided(tenant, running)
    year = queries.utilisation(running)[0]
    assert (year["year"], year["granted"], year["paid"]) == (
        2021,
        Decimal("900000"),
        Decimal("800000"),
    )
    after = queries.claim_overview(running, tenant.kommun, 2021, costs)
    assert not after.exceeds_grant


def test_the_supplement_gets_an_agreement_for_its_year(tenant, running):
    _supplement_2021_decided(tenant, running)
    agreement = draw_agreement(
        tenant, running, title="Tilläggsavtal", period_start="2021-11-16", period_end="2021-12-31"
    )
    assert agreement.decision == queries.latest_decision(running)
    with pytest.raises(ValidationError, match="bara de år som dess beslut beviljar: 2021"):
        agreement.delete()
        draw_agreement(tenant, running, period_start="2021-11-16", period_end="2022-06-30")


def test_opening_needs_a_decided_year_a_reason_and_no_pending_revision(tenant, running):
    with pytest.raises(ValidationError, match="2023 är inte beslutat"):
        services.open_supplement(tenant.users[Role.ADMIN], running, 2023, "Skäl")
    with pytest.raises(ValidationError, match="skälet"):
        _open_2021(tenant, running, reason=" ")
    _open_2021(tenant, running)
    with pytest.raises(ValidationError, match="redan öppet"):
        _open_2021(tenant, running)


def test_the_page_opens_a_year_and_the_board_only_reads(tenant, running):
    admin = tenant.client(Role.ADMIN)
    url = f"/finansiering/insats/{running.pk}/tillaggsansokan/"
    response = admin.post(url, {"year": "2021", "reason": "Höjda lönekostnader"}, follow=True)
    page = response.content.decode()
    assert "2021 är öppet för en tilläggsansökan" in page
    assert "Höjda lönekostnader" in page
    board = tenant.client(Role.BOARD)
    assert board.post(url, {"year": "2022", "reason": "x"}).status_code == 403
    overview = board.get(f"/finansiering/insats/{running.pk}/").content.decode()
    assert "Höjda lönekostnader" in overview
    assert "Öppna året för en tilläggsansökan" not in overview


def test_the_api_opens_a_year_and_refuses_in_swedish(tenant, running):
    api = tenant.client(Role.ADMIN)
    url = f"/api/v1/interventions/{running.pk}/supplements"
    refused = api.post(url, {"year": 2021, "reason": ""}, content_type=JSON)
    assert refused.status_code == 422
    opened = api.post(url, {"year": 2021, "reason": "Fler platser"}, content_type=JSON)
    assert opened.status_code == 201, opened.content
    assert opened.json()["decision_id"] is None
    again = api.post(url, {"year": 2021, "reason": "Igen"}, content_type=JSON)
    assert again.status_code == 422 and "redan öppet" in again.json()["detail"][0]["msg"]
    assert [s["year"] for s in api.get(url).json()] == [2021]
    board = tenant.client(Role.BOARD)
    assert board.post(url, {"year": 2022, "reason": "x"}, content_type=JSON).status_code == 403

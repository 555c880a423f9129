"""Concurrent places: a full intervention enrols nobody more (service, page and API alike), and
its referrals wait on a waiting list, the longest-waiting first."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samordna.core.permissions import Role
from samordna.participants import services
from samordna.participants.choices import Gender, InitiatingParty
from samordna.participants.models import Enrolment
from samordna.participants.tests.factories import (
    eligible_facts,
    enrolled,
    intervention_for,
    referral_for,
    registered_participant,
    staff_of,
)

FULL = "Alla platser är upptagna (1): personen väntar på väntelistan tills någon avslutas."
ENROL = {
    "start": "2025-03-01",
    "planned_end": "2025-06-30",
    "income_sources_at_start": ["sickness_benefit"],
    "occupation_at_start": "none",
    "education_level": "compulsory",
    "support_before_start": "under_1",
}


@pytest.fixture
def full(tenant):
    """An intervention of one place, taken; a second person found eligible for it."""
    intervention = intervention_for(tenant, places=1)
    taken = enrolled(tenant, intervention)
    second = registered_participant(tenant, n=2)
    check = services.check_eligibility(
        staff_of(tenant),
        second,
        intervention,
        planned_start=date(2025, 3, 1),
        facts=eligible_facts(second),
    )
    return taken, check


def test_a_full_intervention_enrols_nobody_until_someone_ends(tenant, full):
    taken, check = full
    with pytest.raises(ValidationError) as refused:
        enrolled(tenant, check.intervention, check.participant, start=date(2025, 3, 1))
    assert refused.value.messages == [FULL]
    services.end_enrolment(
        staff_of(tenant), taken, end_date=date(2025, 2, 28), end_kind="completed"
    )
    assert enrolled(tenant, check.intervention, check.participant, start=date(2025, 3, 1)).pk


def test_an_end_recorded_ahead_frees_the_place_only_after_its_day(tenant, full):
    taken, check = full
    services.end_enrolment(
        staff_of(tenant), taken, end_date=date(2025, 3, 15), end_kind="completed"
    )
    with pytest.raises(ValidationError) as refused:
        enrolled(tenant, check.intervention, check.participant, start=date(2025, 3, 1))
    assert refused.value.messages == [FULL]
    assert enrolled(tenant, check.intervention, check.participant, start=date(2025, 3, 16)).pk


def test_an_enrolment_starting_later_holds_its_place_already(tenant):
    intervention = intervention_for(tenant, places=1)
    enrolled(tenant, intervention, start=date(2025, 9, 1))
    second = registered_participant(tenant, n=2)
    with pytest.raises(ValidationError) as refused:
        enrolled(tenant, intervention, second, start=date(2025, 3, 1))
    assert refused.value.messages == [FULL]


def test_the_page_and_the_api_refuse_an_enrolment_when_full(tenant, full):
    _taken, check = full
    page = tenant.client(Role.STAFF).post(
        reverse("participants:enrol", args=[check.pk]),
        ENROL | {"responsible": staff_of(tenant).memberships.get().pk},
    )
    assert page.status_code == 200
    assert FULL in page.context["form"].non_field_errors()
    api = tenant.api(Role.STAFF).post(
        f"/api/v1/eligibility/{check.pk}/enrolment", ENROL, "application/json"
    )
    assert api.status_code == 422
    assert [p["msg"] for p in api.json()["detail"]] == [FULL]
    assert Enrolment.objects.unrestricted().count() == 1


def test_referrals_wait_on_the_waiting_list_longest_waiting_first(tenant, other_tenant, full):
    _taken, check = full
    intervention = check.intervention
    later = services.register_referral(
        staff_of(tenant),
        tenant.forbund,
        intervention=intervention,
        received_on=date(2025, 2, 10),
        initiating_party=InitiatingParty.SELF,
        gender=Gender.MAN,
    )
    earlier = referral_for(tenant, intervention)  # received 2025-01-05
    referral_for(other_tenant, intervention_for(other_tenant, places=1))
    page = tenant.client(Role.STAFF).get(reverse("participants:waiting"))
    (shown,) = page.context["lists"]
    assert (shown.places, shown.taken, shown.free, shown.full) == (1, 1, 0, True)
    assert shown.waiting == [earlier, later]
    assert "1 av 1 platser upptagna, 0 lediga." in page.content.decode()
    body = tenant.api(Role.STAFF).get(f"/api/v1/interventions/{intervention.pk}/waiting-list")
    data = body.json()
    assert (data["places"], data["taken"], data["free"], data["full"]) == (1, 1, 0, True)
    assert [r["id"] for r in data["waiting"]] == [earlier.pk, later.pk]


def test_another_forbunds_waiting_list_is_not_found(tenant, other_tenant):
    theirs = intervention_for(other_tenant, places=3)
    response = tenant.api(Role.STAFF).get(f"/api/v1/interventions/{theirs.pk}/waiting-list")
    assert response.status_code == 404

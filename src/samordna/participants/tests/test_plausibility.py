"""Plausible dates, ages and names in the register: the page and the API refuse the same input
with the same Swedish words, naming the field, and write nothing."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from samordna.core.permissions import Role
from samordna.demo.participants import fictitious_personal_number
from samordna.participants import services
from samordna.participants.models import Consent, Enrolment, Participant, Referral
from samordna.participants.tests.factories import (
    START_VARIABLES,
    eligible_facts,
    intervention_for,
    registered_participant,
    staff_of,
)

FUTURE = date(2099, 1, 1)


def _refused(response) -> str:
    """The API's 422, its problems' words in one string."""
    assert response.status_code == 422, response.content
    return " ".join(problem["msg"] for problem in response.json()["detail"])


def _kept(response) -> str:
    """The page's form, shown again with its errors."""
    assert response.status_code == 200, response
    return response.content.decode()


def _referral(tenant, intervention, **changes):
    return {
        "intervention": intervention.pk,
        "received_on": "2025-01-05",
        "initiating_party": "fk",
        "gender": "woman",
        "birth_year": 1990,
    } | changes


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"received_on": FUTURE.isoformat()}, "received_on: Datumet 2099-01-01 ligger i framtiden"),
        ({"birth_year": 2150}, "birth_year: Född 2150"),
        ({"birth_year": 1899}, "utanför åldrarna 16–64"),
    ],
)
def test_a_referral_received_in_the_future_or_of_someone_outside_the_ages_is_refused(
    tenant, changes, words
):
    intervention = intervention_for(tenant)
    body = _referral(tenant, intervention, **changes)
    api = tenant.api(Role.REFERRER).post("/api/v1/referrals", body, content_type="application/json")
    assert words in _refused(api)
    page = tenant.client(Role.REFERRER).post(
        reverse("participants:referral_create"), body | {"municipality": ""}
    )
    assert words.split(": ", 1)[-1] in _kept(page)
    assert not Referral.objects.unrestricted().exists()


def _registration(tenant, **changes):
    return {
        "gender": "woman",
        "personal_number": fictitious_personal_number(3),
        "name": "Testa Påhittadsson",
        "consent_given_on": "2025-01-10",
    } | changes


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"consent_given_on": FUTURE.isoformat()}, "Datumet 2099-01-01 ligger i framtiden"),
        ({"personal_number": fictitious_personal_number(3, year=1940)}, "Född 1940"),
        ({"personal_number": fictitious_personal_number(3, year=2015)}, "utanför åldrarna 16–67"),
        ({"name": "Ö" * 10_000}, "som mest 150 tecken"),
    ],
)
def test_registration_refuses_future_consent_ages_outside_working_life_and_long_names(
    tenant, changes, words
):
    body = _registration(tenant, **changes)
    municipality = tenant.forbund.municipalities.first()
    api = tenant.api(Role.STAFF).post(
        "/api/v1/participants",
        body | {"forbund": tenant.forbund.pk, "municipality": municipality.code},
        content_type="application/json",
    )
    assert words in _refused(api)
    page = tenant.client(Role.STAFF).post(
        reverse("participants:register"), body | {"municipality": municipality.pk}
    )
    assert words in _kept(page)
    assert not Participant.objects.unrestricted().exists()
    assert not Consent.objects.unrestricted().exists()


def _check(tenant, intervention, planned_start):
    participant = registered_participant(tenant)
    return services.check_eligibility(
        staff_of(tenant),
        participant,
        intervention,
        planned_start=planned_start,
        facts=eligible_facts(participant),
    )


def test_an_enrolment_may_start_within_the_planning_margin_and_no_later(tenant, settings):
    settings.SAMORDNA_PLANNING_MARGIN_DAYS = 30
    intervention = intervention_for(tenant)
    too_late = timezone.localdate() + timedelta(days=31)
    check = _check(tenant, intervention, too_late)
    body = START_VARIABLES | {
        "start": too_late.isoformat(),
        "planned_end": (too_late + timedelta(days=60)).isoformat(),
        "responsible": staff_of(tenant).memberships.get().pk,
    }
    api = tenant.api(Role.STAFF).post(
        f"/api/v1/eligibility/{check.pk}/enrolment", body, content_type="application/json"
    )
    words = f"start: Datumet {too_late.isoformat()} ligger i framtiden"
    assert words in _refused(api)
    page = tenant.client(Role.STAFF).post(reverse("participants:enrol", args=[check.pk]), body)
    assert words.split(": ", 1)[1] in _kept(page)
    assert not Enrolment.objects.unrestricted().exists()
    in_time = too_late - timedelta(days=1)
    body |= {"start": in_time.isoformat()}
    enrolled = tenant.api(Role.STAFF).post(
        f"/api/v1/eligibility/{check.pk}/enrolment", body, content_type="application/json"
    )
    assert enrolled.status_code == 201, enrolled.content

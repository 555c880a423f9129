"""An enrolment starts on or after the day its referral was received: refused in the service,
on the enrolment page and in the API alike, in Swedish."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samordna.core.permissions import Role
from samordna.participants import services
from samordna.participants.choices import ReferralOutcome
from samordna.participants.models import Enrolment
from samordna.participants.tests.factories import (
    START_VARIABLES,
    eligible_facts,
    intervention_for,
    referral_for,
    registered_participant,
    staff_of,
)

REFUSAL = "Inskrivningen kan inte starta före den dag remissen kom in (2025-01-05)."


@pytest.fixture
def referred(tenant):
    """A person referred on 5 January 2025 and found eligible for a start on 2 January."""
    intervention = intervention_for(tenant)
    referral = referral_for(tenant, intervention)
    participant = registered_participant(tenant, referral=referral)
    check = services.check_eligibility(
        staff_of(tenant),
        participant,
        intervention,
        planned_start=date(2025, 1, 2),
        facts=eligible_facts(participant),
    )
    return referral, check


def _enrol(tenant, referral, check, start):
    return services.enrol(
        staff_of(tenant),
        check.participant,
        check.intervention,
        eligibility=check,
        referral=referral,
        start=start,
        planned_end=date(2025, 6, 30),
        responsible=None,
        **START_VARIABLES,
    )


def test_an_enrolment_cannot_start_before_its_referral_was_received(tenant, referred):
    referral, check = referred
    with pytest.raises(ValidationError) as refused:
        _enrol(tenant, referral, check, date(2025, 1, 2))
    assert refused.value.message_dict == {"start": [REFUSAL]}
    referral.refresh_from_db()
    assert referral.outcome == ReferralOutcome.PENDING
    assert _enrol(tenant, referral, check, date(2025, 1, 5)).start == date(2025, 1, 5)


def test_the_enrolment_page_refuses_a_start_before_the_referral_beside_the_start(tenant, referred):
    _referral, check = referred
    response = tenant.client(Role.STAFF).post(
        reverse("participants:enrol", args=[check.pk]),
        {
            "start": "2025-01-02",
            "planned_end": "2025-06-30",
            "responsible": staff_of(tenant).memberships.get().pk,
            "income_sources_at_start": ["sickness_benefit"],
            "occupation_at_start": "none",
            "education_level": "compulsory",
            "support_before_start": "under_1",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["start"] == [REFUSAL]
    assert not Enrolment.objects.unrestricted().exists()


def test_the_api_refuses_a_start_before_the_referral_with_422(tenant, referred):
    _referral, check = referred
    response = tenant.api(Role.STAFF).post(
        f"/api/v1/eligibility/{check.pk}/enrolment",
        {
            "start": "2025-01-02",
            "planned_end": "2025-06-30",
            "income_sources_at_start": ["sickness_benefit"],
            "occupation_at_start": "none",
            "education_level": "compulsory",
            "support_before_start": "under_1",
        },
        "application/json",
    )
    assert response.status_code == 422
    assert [(p["loc"][-1], p["msg"]) for p in response.json()["detail"]] == [
        ("start", f"start: {REFUSAL}")
    ]
    assert not Enrolment.objects.unrestricted().exists()

"""Participation limits while people take part: one limit on the intervention (minimum and
maximum), the staff's overdue list on the pages and in the API, and a written reason to end
past the limit, refused alike on the page and in the API."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samordna.core.models import AuditEvent
from samordna.core.permissions import Role
from samordna.core.tests.queue import start_page, work_queue
from samordna.interventions.models import DurationUnit
from samordna.participants import services
from samordna.participants.tests.factories import (
    START_VARIABLES,
    eligible_facts,
    enrolled,
    intervention_for,
    registered_participant,
    staff_of,
)

JSON = "application/json"
PAST_LIMIT = (
    "Slutdatumet ligger efter gränsen för deltagartiden (2026-01-31): skriv varför deltagaren "
    "deltog längre."
)
END = {
    "end_date": "2026-03-01",
    "end_kind": "completed",
    "income_sources_at_end": ["salary"],
    "occupation_at_end": "work_full_time",
    "education_level_at_end": "upper_secondary",
}


@pytest.fixture
def overdue(tenant):
    """Started 2025-02-01 in an intervention of at most 12 months: its limit ended 2026-01-31."""
    return enrolled(tenant, intervention_for(tenant))


def test_the_enrolment_keeps_the_last_day_of_its_limit(tenant, overdue):
    assert overdue.limit_ends_on == date(2026, 1, 31)
    assert overdue.is_overdue(date(2026, 2, 1)) and not overdue.is_overdue(date(2026, 1, 31))
    unlimited = enrolled(
        tenant,
        intervention_for(tenant, name="Utan gräns", max_enrolment_amount=None),
        registered_participant(tenant, n=2),
    )
    assert unlimited.limit_ends_on is None and not unlimited.is_overdue(date(2030, 1, 1))


def test_the_overdue_list_shows_enrolments_past_their_limit_to_staff(tenant, other_tenant, overdue):
    ended = enrolled(
        tenant, intervention_for(tenant, name="Avslutad"), registered_participant(tenant, n=3)
    )
    services.end_enrolment(staff_of(tenant), ended, end_date=date(2025, 5, 1), end_kind="completed")
    enrolled(other_tenant, intervention_for(other_tenant))
    staff = tenant.client(Role.STAFF)
    listing = staff.get(reverse("participants:list"))
    assert listing.context["overdue"] == 1
    assert "1 inskrivning har passerat gränsen för deltagartiden." in listing.content.decode()
    page = staff.get(reverse("participants:overdue"))
    assert list(page.context["listing"].page) == [overdue]
    assert overdue.participant.code in page.content.decode()
    detail = staff.get(reverse("participants:enrolment", args=[overdue.pk]))
    assert "Över gränsen" in detail.content.decode()


def test_the_api_lists_the_overdue_enrolments_with_their_limit(tenant, overdue):
    enrolled(
        tenant,
        intervention_for(tenant, name="Ny", max_enrolment_amount=None),
        registered_participant(tenant, n=2),
    )
    rows = tenant.api(Role.STAFF).get("/api/v1/enrolments", {"overdue": "true"}).json()["items"]
    assert [(row["id"], row["limit_ends_on"]) for row in rows] == [(overdue.pk, "2026-01-31")]


def test_ending_past_the_limit_needs_a_reason_on_the_page(tenant, overdue):
    staff = tenant.client(Role.STAFF)
    url = reverse("participants:end", args=[overdue.pk])
    assert "2026-01-31" in staff.get(url).context["intro"]
    refused = staff.post(url, END)
    assert refused.context["form"].errors["overrun_reason"] == [PAST_LIMIT]
    overdue.refresh_from_db()
    assert overdue.end_date is None
    reason = "Flerpartsmötet beslutade att förlänga till studiestart."
    assert staff.post(url, END | {"overrun_reason": reason}).status_code == 302
    overdue.refresh_from_db()
    assert (overdue.end_date, overdue.overrun_reason) == (date(2026, 3, 1), reason)
    assert AuditEvent.objects.get(action="enrolment.end").reason == reason


def test_ending_past_the_limit_needs_a_reason_in_the_api(tenant, overdue):
    api = tenant.api(Role.STAFF)
    url = f"/api/v1/enrolments/{overdue.pk}/end"
    refused = api.post(url, END, JSON)
    assert refused.status_code == 422
    assert [(p["loc"][-1], p["msg"]) for p in refused.json()["detail"]] == [
        ("overrun_reason", f"overrun_reason: {PAST_LIMIT}")
    ]
    ended = api.post(url, END | {"overrun_reason": "Förlängt efter beslut."}, JSON).json()
    assert ended["overrun_reason"] == "Förlängt efter beslut."


def test_ending_within_the_limit_needs_no_reason_and_keeps_none(tenant, overdue):
    services.end_enrolment(
        staff_of(tenant),
        overdue,
        end_date=date(2026, 1, 31),
        end_kind="completed",
        overrun_reason="onödig",
    )
    assert overdue.overrun_reason == ""


def test_the_planned_end_respects_the_minimum_and_the_maximum(tenant):
    activera = intervention_for(
        tenant,
        name="ACTivera",
        min_enrolment_amount=6,
        max_enrolment_amount=24,
        max_enrolment_unit=DurationUnit.WEEKS,
    )
    participant = registered_participant(tenant)
    check = services.check_eligibility(
        staff_of(tenant),
        participant,
        activera,
        planned_start=date(2025, 2, 3),
        facts=eligible_facts(participant),
    )
    enrol = {"eligibility": check, "start": date(2025, 2, 3), "responsible": None}
    with pytest.raises(ValidationError) as too_short:
        services.enrol(
            staff_of(tenant),
            participant,
            activera,
            planned_end=date(2025, 3, 1),
            **enrol,
            **START_VARIABLES,
        )
    assert too_short.value.message_dict == {
        "planned_end": [
            "Det planerade slutet kan tidigast vara 2025-03-16: insatsens kortaste inskrivningstid."
        ]
    }
    enrolment = services.enrol(
        staff_of(tenant),
        participant,
        activera,
        planned_end=date(2025, 3, 16),
        **enrol,
        **START_VARIABLES,
    )
    assert enrolment.limit_ends_on == date(2025, 7, 20)


def test_the_start_page_lists_enrolments_past_their_limit_until_ended(tenant, overdue):
    staff = tenant.client(Role.STAFF)
    shown = work_queue(staff)["Inskrivningar över gränsen för deltagartiden"]
    assert (shown.count, shown.url) == (1, reverse("participants:overdue"))
    assert "2026-01-31" in start_page(staff)
    services.end_enrolment(
        staff_of(tenant),
        overdue,
        end_date=date(2026, 1, 31),
        end_kind="completed",
    )
    assert "Inskrivningar över gränsen för deltagartiden" not in work_queue(staff)

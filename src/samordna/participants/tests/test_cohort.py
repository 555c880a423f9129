"""A scripted cohort goes referral → eligibility → enrolment → introduction → plan → end,
once through the pages and once through the API, and every variable is right afterwards."""

from datetime import date

import pytest
from django.urls import reverse

from samordna.accounts.services import create_api_token
from samordna.core.permissions import Role
from samordna.interventions.models import DurationUnit
from samordna.participants.models import Enrolment, Participant, Referral
from samordna.participants.tests.factories import fictitious_personal_number, intervention_for

COHORT = [
    {
        "n": 11,
        "name": "Alfa Påhittad",
        "gender": "woman",
        "initiating_party": "fk",
        "start": date(2025, 3, 3),
        "income_start": ["sickness_benefit"],
        "occupation_start": "none",
        "education": "compulsory",
        "support": "2_5",
        "decision": "continue",
        "end_kind": "completed",
        "end_reason": "work",
        "income_end": ["salary"],
        "occupation_end": "work_part_time",
        "education_end": "compulsory",
    },
    {
        "n": 12,
        "name": "Beta Låtsasson",
        "gender": "man",
        "initiating_party": "kommun",
        "start": date(2025, 4, 7),
        "income_start": ["social_assistance", "activity_support"],
        "occupation_start": "job_seeking",
        "education": "upper_secondary",
        "support": "over_5",
        "decision": "end",
        "end_kind": "no_longer_fits",
        "end_reason": "health",
        "income_end": ["social_assistance"],
        "occupation_end": "none",
        "education_end": "upper_secondary",
    },
    {
        "n": 13,
        "name": "Gamma Fiktiva",
        "gender": "woman",
        "initiating_party": "self",
        "start": date(2025, 5, 5),
        "income_start": ["none"],
        "occupation_start": "none",
        "education": "unknown",
        "support": "unknown",
        "decision": "continue",
        "end_kind": "mistake",
        "end_reason": "",
        "income_end": [],
        "occupation_end": "",
        "education_end": "",
    },
]


@pytest.fixture
def activera(tenant):
    return intervention_for(
        tenant,
        name="ACTivera",
        max_enrolment_amount=24,
        max_enrolment_unit=DurationUnit.WEEKS,
        introduction_weeks=6,
    )


def _staff_membership(tenant):
    return tenant.users[Role.STAFF].memberships.get(role=Role.STAFF)


def _through_pages(tenant, intervention, person):
    referrer, staff = tenant.client(Role.REFERRER), tenant.client(Role.STAFF)
    municipality = tenant.forbund.municipalities.first()
    response = referrer.post(
        reverse("participants:referral_create"),
        {
            "received_on": "2025-02-01",
            "intervention": intervention.pk,
            "initiating_party": person["initiating_party"],
            "sip_held": "on",
            "gender": person["gender"],
            "birth_year": 1995,
            "municipality": municipality.pk,
        },
    )
    assert response.status_code == 302, response.content
    referral = Referral.objects.unrestricted().latest("pk")
    response = staff.post(
        reverse("participants:register") + f"?remiss={referral.pk}",
        {
            "gender": person["gender"],
            "personal_number": fictitious_personal_number(person["n"], 1995),
            "name": person["name"],
            "municipality": municipality.pk,
            "consent_given_on": "2025-02-10",
            "consent_form_version": "2025:1",
        },
    )
    assert response.status_code == 302, response.content
    participant = Participant.objects.unrestricted().latest("pk")
    response = staff.post(
        reverse("participants:check", args=[participant.pk]),
        {
            "intervention": intervention.pk,
            "planned_start": person["start"].isoformat(),
            "authorities_needed": 2,
        },
    )
    assert response.status_code == 302, response.content
    check_url = response.url
    assert "✓" in staff.get(check_url).content.decode()
    check_pk = int(check_url.rstrip("/").split("/")[-1])
    response = staff.post(
        reverse("participants:enrol", args=[check_pk]),
        {
            "start": person["start"].isoformat(),
            "planned_end": intervention.latest_planned_end(person["start"]).isoformat(),
            "responsible": _staff_membership(tenant).pk,
            "income_sources_at_start": person["income_start"],
            "occupation_at_start": person["occupation_start"],
            "education_level": person["education"],
            "support_before_start": person["support"],
        },
    )
    assert response.status_code == 302, response.content
    enrolment = Enrolment.objects.unrestricted().latest("pk")
    response = staff.post(
        reverse("participants:introduction", args=[enrolment.pk]),
        {"decision": person["decision"], "meeting_on": "2025-06-10"},
    )
    assert response.status_code == 302, response.content
    plan_url = reverse("participants:plan", args=[enrolment.pk])
    assert staff.post(plan_url, {"drawn_up_on": person["start"].isoformat()}).status_code == 302
    response = staff.post(
        plan_url,
        {"kind": "goal", "description": "Praktik tre dagar i veckan", "due_on": "2025-06-30"},
    )
    assert response.status_code == 302, response.content
    item = enrolment.plan.items.unrestricted().get()
    response = staff.post(
        reverse("participants:plan_item_done", args=[enrolment.pk, item.pk]),
        {"done_on": "2025-06-20"},
    )
    assert response.status_code == 302
    response = staff.post(
        reverse("participants:end", args=[enrolment.pk]),
        {
            "end_date": "2025-08-01",
            "end_kind": person["end_kind"],
            "end_reason": person["end_reason"],
            "income_sources_at_end": person["income_end"],
            "occupation_at_end": person["occupation_end"],
            "education_level_at_end": person["education_end"],
        },
    )
    assert response.status_code == 302, response.content
    return enrolment.pk


def _through_api(tenant, intervention, person):
    def call(role, method, path, body):
        _token, secret = create_api_token(tenant.users[role], "cohort")
        client = tenant.client(role)
        response = getattr(client, method)(
            f"/api/v1{path}",
            data=body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {secret}",
        )
        assert response.status_code in (200, 201), response.content
        return response.json()

    municipality = tenant.forbund.municipalities.first()
    referral = call(
        Role.REFERRER,
        "post",
        "/referrals",
        {
            "intervention": intervention.pk,
            "received_on": "2025-02-01",
            "initiating_party": person["initiating_party"],
            "sip_held": True,
            "gender": person["gender"],
            "birth_year": 1995,
            "municipality": municipality.code,
        },
    )
    participant = call(
        Role.STAFF,
        "post",
        "/participants",
        {
            "forbund": tenant.forbund.pk,
            "gender": person["gender"],
            "personal_number": fictitious_personal_number(person["n"], 1995),
            "name": person["name"],
            "municipality": municipality.code,
            "consent_given_on": "2025-02-10",
            "consent_form_version": "2025:1",
            "referral": referral["id"],
        },
    )
    check = call(
        Role.STAFF,
        "post",
        f"/participants/{participant['id']}/eligibility",
        {
            "intervention": intervention.pk,
            "planned_start": person["start"].isoformat(),
            "authorities_needed": 2,
        },
    )
    assert check["eligible"] and all(rule["met"] for rule in check["results"])
    enrolment = call(
        Role.STAFF,
        "post",
        f"/eligibility/{check['id']}/enrolment",
        {
            "start": person["start"].isoformat(),
            "planned_end": intervention.latest_planned_end(person["start"]).isoformat(),
            "responsible": _staff_membership(tenant).pk,
            "income_sources_at_start": person["income_start"],
            "occupation_at_start": person["occupation_start"],
            "education_level": person["education"],
            "support_before_start": person["support"],
        },
    )
    path = f"/enrolments/{enrolment['id']}"
    call(
        Role.STAFF,
        "post",
        f"{path}/introduction",
        {"decision": person["decision"], "meeting_on": "2025-06-10"},
    )
    call(Role.STAFF, "put", f"{path}/plan", {"drawn_up_on": person["start"].isoformat()})
    call(
        Role.STAFF,
        "post",
        f"{path}/plan/items",
        {
            "kind": "goal",
            "description": "Praktik tre dagar i veckan",
            "due_on": "2025-06-30",
            "done_on": "2025-06-20",
        },
    )
    call(
        Role.STAFF,
        "post",
        f"{path}/end",
        {
            "end_date": "2025-08-01",
            "end_kind": person["end_kind"],
            "end_reason": person["end_reason"] or None,
            "income_sources_at_end": person["income_end"],
            "occupation_at_end": person["occupation_end"] or None,
            "education_level_at_end": person["education_end"] or None,
        },
    )
    return enrolment["id"]


def _assert_every_variable(enrolment_pk, intervention, person):
    enrolment = Enrolment.objects.unrestricted().select_related("participant").get(pk=enrolment_pk)
    participant = enrolment.participant
    assert participant.gender == person["gender"]
    assert participant.birth_year == 1995
    assert participant.identity.lookup_hash
    referral = Referral.objects.unrestricted().get(participant=participant)
    assert referral.initiating_party == person["initiating_party"]
    assert referral.sip_held is True
    assert (referral.outcome, referral.outcome_on) == ("enrolled", person["start"])
    assert enrolment.intervention == intervention
    assert enrolment.start == person["start"]
    assert enrolment.planned_end == intervention.latest_planned_end(person["start"])
    assert enrolment.introduction_ends_on == date.fromordinal(person["start"].toordinal() + 41)
    assert enrolment.introduction_decision == person["decision"]
    assert enrolment.introduction_meeting_on == date(2025, 6, 10)
    assert enrolment.income_sources_at_start == person["income_start"]
    assert enrolment.occupation_at_start == person["occupation_start"]
    assert enrolment.education_level == person["education"]
    assert enrolment.support_before_start == person["support"]
    assert enrolment.end_date == date(2025, 8, 1)
    assert enrolment.end_kind == person["end_kind"]
    assert enrolment.end_reason == person["end_reason"]
    assert enrolment.income_sources_at_end == person["income_end"]
    assert enrolment.occupation_at_end == person["occupation_end"]
    assert enrolment.education_level_at_end == person["education_end"]
    assert enrolment.consents.unrestricted().get().form_version == "2025:1"
    item = enrolment.plan.items.unrestricted().get()
    assert (item.description, item.done_on) == ("Praktik tre dagar i veckan", date(2025, 6, 20))


@pytest.mark.parametrize("way", [_through_pages, _through_api], ids=["pages", "api"])
def test_a_cohort_goes_the_whole_path_with_every_variable_right(tenant, activera, way):
    for person in COHORT:
        enrolment_pk = way(tenant, activera, person)
        _assert_every_variable(enrolment_pk, activera, person)
    counted = Enrolment.objects.unrestricted().for_intervention(activera).ended().in_statistics()
    assert counted.count() == 2, "the enrolment registered by mistake is left out of statistics"

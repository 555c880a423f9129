"""Target groups as rules: inclusion criteria (any one), the "or at high risk of needing several
authorities" alternative, and sub-groups with their own ages and gender, checked at eligibility
with overrides audited; pages and API alike."""

from datetime import date

import pytest
from django.urls import reverse

from samordna.core.models import AuditEvent
from samordna.core.permissions import Role
from samordna.interventions.models import TargetSubGroup
from samordna.participants import services
from samordna.participants.tests.factories import (
    eligible_facts,
    intervention_for,
    registered_participant,
    staff_of,
)

JSON = "application/json"


@pytest.fixture
def activera(tenant):
    intervention = intervention_for(
        tenant,
        name="ACTivera",
        inclusion_criteria=["long_term_unemployed", "language"],
        high_risk_alternative=True,
    )
    TargetSubGroup.objects.create(
        forbund=tenant.forbund,
        intervention=intervention,
        name="Unga kvinnor",
        min_age=16,
        max_age=29,
        gender="woman",
        priority=True,
    )
    return intervention


def _check(tenant, intervention, participant, **facts):
    return services.check_eligibility(
        staff_of(tenant),
        participant,
        intervention,
        planned_start=date(2025, 2, 1),
        facts=eligible_facts(participant, **facts),
    )


def _rules(check) -> dict[str, bool]:
    return {row["rule"]: row["met"] for row in check.results}


def test_a_young_woman_meeting_a_criterion_is_in_the_priority_sub_group(tenant, activera):
    woman = registered_participant(tenant, n=3)
    woman.birth_year = 2000  # 25 at the start
    woman.save()
    check = _check(tenant, activera, woman, criteria_met=frozenset({"language"}))
    assert _rules(check)["criteria"] and _rules(check)["sub_group"]
    assert check.eligible
    (sub_group,) = [row for row in check.results if row["rule"] == "sub_group"]
    assert sub_group["groups"] == ["Unga kvinnor"] and sub_group["priority"]
    page = tenant.client(Role.STAFF).get(reverse("participants:eligibility", args=[check.pk]))
    assert "Unga kvinnor; <strong>prioriterad grupp</strong>" in page.content.decode()


def test_criteria_and_sub_groups_fail_until_overridden_with_an_audited_reason(tenant, activera):
    older = registered_participant(tenant)  # born 1990: 35 at the start, outside 16–29
    check = _check(tenant, activera, older, authorities_needed=1)
    assert _rules(check) == _rules(check) | {
        "criteria": False,
        "sub_group": False,
        "two_authorities_or_risk": False,
    }
    assert not check.may_enrol
    services.override_eligibility(staff_of(tenant), check, reason="Individuell bedömning")
    assert check.may_enrol
    assert AuditEvent.objects.get(action="eligibility.override").reason == ("Individuell bedömning")


def test_high_risk_meets_the_authorities_rule_in_the_api(tenant, activera):
    participant = registered_participant(tenant)
    body = {
        "intervention": activera.pk,
        "planned_start": "2025-02-01",
        "authorities_needed": 1,
        "high_risk": True,
        "criteria_met": ["long_term_unemployed"],
    }
    response = tenant.api(Role.STAFF).post(
        f"/api/v1/participants/{participant.pk}/eligibility", body, JSON
    )
    assert response.status_code == 201, response.content
    rules = {row["rule"]: row["met"] for row in response.json()["results"]}
    assert rules["two_authorities_or_risk"] and rules["criteria"]
    refused = tenant.api(Role.STAFF).post(
        f"/api/v1/participants/{participant.pk}/eligibility",
        body | {"criteria_met": ["lottery"]},
        JSON,
    )
    assert refused.status_code == 422


def test_sub_groups_are_kept_on_their_page_and_in_the_api(tenant):
    intervention = intervention_for(tenant)
    admin = tenant.client(Role.ADMIN)
    url = reverse("interventions:sub_groups", args=[intervention.pk])
    added = admin.post(
        url, {"name": "Unga", "min_age": 16, "max_age": 29, "gender": "", "priority": "on"}
    )
    assert added.status_code == 302
    assert (
        "Unga (16–29)"
        in admin.get(reverse("interventions:detail", args=[intervention.pk])).content.decode()
    )
    refused = tenant.api(Role.ADMIN).post(
        f"/api/v1/interventions/{intervention.pk}/sub-groups",
        {"name": "Fel", "min_age": 30, "max_age": 20},
        JSON,
    )
    assert refused.status_code == 422
    assert "Högsta ålder är lägre än lägsta ålder." in str(refused.json())
    body = tenant.api(Role.ADMIN).get(f"/api/v1/interventions/{intervention.pk}").json()
    assert [(g["name"], g["priority"]) for g in body["sub_groups"]] == [("Unga", True)]
    staff = tenant.client(Role.STAFF).post(url, {"name": "X", "min_age": 16, "max_age": 20})
    assert staff.status_code == 403

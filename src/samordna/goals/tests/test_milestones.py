"""Milestone goals: reached by a date, with evidence, beside the percentage goals."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from samordna.core.permissions import Role
from samordna.goals.attainment import MET, NOT_MET, PENDING, milestone_status
from samordna.goals.models import Goal, Metric
from samordna.goals.tests.factories import GoalFactory
from samordna.reports.tests.factories import intervention_in

JSON = "application/json"
TODAY = date(2026, 9, 1)


def _milestone(**fields) -> Goal:
    return Goal(metric=Metric.MILESTONE, name="Handlingsplan", year=2026, **fields)


@pytest.mark.parametrize(
    ("due_on", "met_on", "status"),
    [
        (date(2026, 6, 30), date(2026, 6, 12), MET),
        (date(2026, 6, 30), date(2026, 6, 30), MET),
        (date(2026, 6, 30), date(2026, 7, 15), NOT_MET),  # reached, but late
        (date(2026, 6, 30), None, NOT_MET),
        (date(2026, 12, 31), None, PENDING),
    ],
)
def test_a_milestone_is_met_when_reached_by_its_date(due_on, met_on, status):
    assert milestone_status(_milestone(due_on=due_on, met_on=met_on), TODAY) == status


def test_a_milestone_needs_a_date_and_evidence_once_reached_but_no_target(tenant):
    intervention = intervention_in(tenant)
    goal = _milestone(forbund=tenant.forbund, intervention=intervention)
    with pytest.raises(ValidationError) as refused:
        goal.full_clean()
    assert "due_on" in refused.value.message_dict
    assert "target_percent" not in refused.value.message_dict
    goal.due_on, goal.met_on = date(2026, 6, 30), date(2026, 6, 12)
    with pytest.raises(ValidationError) as refused:
        goal.full_clean()
    assert "evidence" in refused.value.message_dict
    goal.evidence = "Protokoll 2026-06-12 § 84"
    goal.full_clean()


def test_a_percentage_goal_still_needs_its_target(tenant):
    goal = GoalFactory.build(intervention=intervention_in(tenant), target_percent=None)
    goal.forbund = goal.intervention.forbund
    with pytest.raises(ValidationError) as refused:
        goal.full_clean()
    assert "target_percent" in refused.value.message_dict


def test_a_milestone_through_the_api_and_in_the_goal_report(tenant):
    intervention = intervention_in(tenant, name="Samverkansutvecklare")
    api = tenant.api(Role.ADMIN)
    body = {
        "intervention_id": intervention.pk,
        "name": "Överenskommelse antagen",
        "metric": "milestone",
        "year": date.today().year,
        "due_on": (date.today() - timedelta(days=10)).isoformat(),
        "met_on": (date.today() - timedelta(days=20)).isoformat(),
    }
    refused = api.post("/api/v1/goals", body, content_type=JSON)
    assert refused.status_code == 422
    assert "vad som visar" in str(refused.json())
    created = api.post(
        "/api/v1/goals", body | {"evidence": "Beslut i styrgruppen"}, content_type=JSON
    )
    assert created.status_code == 201, created.content
    assert created.json()["attainment"]["status"] == "met"
    page = tenant.client(Role.BOARD).get(f"/rapporter/maluppfyllelse/?year={date.today().year}")
    html = page.content.decode()
    assert "Milstolpar" in html
    assert "Samverkansutvecklare: Överenskommelse antagen" in html
    assert "Uppnått" in html


def test_a_milestone_cannot_be_reached_in_the_future(tenant):
    intervention = intervention_in(tenant)
    response = tenant.client(Role.ADMIN).post(
        "/mal/nytt/",
        {
            "intervention": intervention.pk,
            "name": "Avtal antaget",
            "metric": "milestone",
            "year": "2026",
            "minimum_n": "5",
            "occasion": "end",
            "due_on": "2026-06-30",
            "met_on": (date.today() + timedelta(days=5)).isoformat(),
            "evidence": "Protokoll",
        },
    )
    assert response.status_code == 200
    assert "kan inte vara uppnådd i framtiden" in response.content.decode()
    assert not Goal.objects.exists()

"""Goal pages and API: the attainment shown with numerator, denominator, n and a status in words."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samordna.core.permissions import Role
from samordna.goals.models import FollowUp, Goal, Metric
from samordna.goals.tests.factories import GoalFactory
from samordna.interventions.tests.factories import TeamMemberFactory
from samordna.measurements.tests.factories import EnrolmentFactory
from samordna.participants.choices import EndKind, Occupation
from samordna.surveys.tests.factories import InterventionFactory


@pytest.fixture
def team(tenant):
    intervention = InterventionFactory(forbund=tenant.forbund, name="ACTivera")
    TeamMemberFactory(
        intervention=intervention, membership=tenant.users[Role.STAFF].memberships.get()
    )
    return intervention


def _ended(team, occupation):
    return EnrolmentFactory(
        intervention=team,
        end_date=date(2025, 5, 1),
        end_kind=EndKind.COMPLETED,
        occupation_at_end=occupation,
    )


def test_the_goal_list_shows_outcome_n_and_status_in_words(tenant, team):
    _ended(team, Occupation.STUDIES)
    _ended(team, Occupation.NONE)
    GoalFactory(intervention=team, name="Hälften i arbete eller studier", minimum_n=2)
    html = tenant.client(Role.BOARD).get(reverse("goals:list")).content.decode()
    assert "Hälften i arbete eller studier" in html
    assert "50\u00a0% (1/2)" in html
    assert "Uppnått" in html


def test_too_few_answers_is_said_in_words(tenant, team):
    GoalFactory(intervention=team, name="Mål utan svar")
    html = tenant.client(Role.BOARD).get(reverse("goals:list")).content.decode()
    assert "För få svar" in html


def test_an_analyst_creates_a_goal_and_a_missing_parameter_is_explained(tenant, team):
    client = tenant.client(Role.ANALYST)
    data = {
        "intervention": team.pk,
        "name": "75 % upplever stöd till stor nytta",
        "metric": Metric.SURVEY,
        "target_percent": "75",
        "year": 2025,
        "minimum_n": 5,
        "occasion": "end",
    }
    response = client.post(reverse("goals:create"), data)
    assert response.status_code == 200
    assert "Det här måttet behöver" in response.content.decode()
    assert 'value="75 % upplever stöd till stor nytta"' in response.content.decode()
    data |= {"metric": Metric.WORK_OR_STUDIES}
    assert client.post(reverse("goals:create"), data).status_code == 302
    assert Goal.objects.get().target_percent == Decimal(75)


def test_staff_cannot_change_goals(tenant):
    assert tenant.client(Role.STAFF).get(reverse("goals:create")).status_code == 403


def test_staff_record_a_follow_up_after_the_end(tenant, team):
    enrolment = _ended(team, Occupation.NONE)
    url = reverse("goals:follow_up", kwargs={"pk": enrolment.pk})
    data = {"months_after": 12, "followed_up_on": "2026-05-02", "self_support": "partly"}
    assert tenant.client(Role.STAFF).post(url, data).status_code == 302
    assert FollowUp.objects.unrestricted().get().self_support == "partly"
    assert tenant.client(Role.ANALYST).post(url, data).status_code == 403


def test_the_api_lists_goals_with_their_attainment(tenant, team):
    _ended(team, Occupation.WORK_FULL_TIME)
    GoalFactory(intervention=team, minimum_n=1)
    [goal] = tenant.client(Role.ANALYST).get("/api/v1/goals").json()["items"]
    assert goal["attainment"] == {
        "numerator": 1,
        "denominator": 1,
        "n": 1,
        "missing": 0,
        "percent": "100",
        "status": "met",
    }


def test_the_api_creates_and_changes_a_goal(tenant, team):
    client = tenant.client(Role.ADMIN)
    body = {
        "intervention_id": team.pk,
        "name": "40 % i arbete eller studier",
        "metric": "work_or_studies",
        "target_percent": "40",
        "year": 2025,
    }
    created = client.post("/api/v1/goals", body, content_type="application/json")
    assert created.status_code == 201
    goal_id = created.json()["id"]
    changed = client.put(
        f"/api/v1/goals/{goal_id}", body | {"target_percent": "45"}, content_type="application/json"
    )
    assert changed.json()["target_percent"] == "45"
    missing = client.post(
        "/api/v1/goals", body | {"metric": "self_supporting"}, content_type="application/json"
    )
    assert missing.status_code == 422


def test_the_goal_pages_open(tenant, team):
    goal = GoalFactory(intervention=team)
    client = tenant.client(Role.ADMIN)
    for url in (
        reverse("goals:detail", kwargs={"pk": goal.pk}),
        reverse("goals:edit", kwargs={"pk": goal.pk}),
    ):
        assert client.get(url).status_code == 200, url


def test_a_negative_interval_is_refused_in_swedish_and_nothing_stored(tenant, team):
    enrolment = _ended(team, Occupation.STUDIES)
    body = {"months_after": -1, "followed_up_on": "2025-06-01", "self_support": "wholly"}
    url = f"/api/v1/enrolments/{enrolment.pk}/follow-ups"
    response = tenant.api(Role.STAFF).post(url, body, content_type="application/json")
    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert (
        problem["msg"] == "months_after: Kontrollera att detta värde är större än eller lika med 0."
    )
    assert not FollowUp.objects.unrestricted().exists()


def test_the_api_counts_a_page_of_goals_together(tenant, team, django_assert_max_num_queries):
    client = tenant.client(Role.ANALYST)
    _ended(team, Occupation.WORK_FULL_TIME)
    GoalFactory(intervention=team, minimum_n=1)
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/goals")
    for _ in range(5):
        GoalFactory(intervention=team, minimum_n=1)
    with django_assert_max_num_queries(len(one.captured_queries)):
        items = client.get("/api/v1/goals").json()["items"]
    assert [goal["attainment"]["numerator"] for goal in items] == [1] * 6

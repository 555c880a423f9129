"""An intervention's team: who assigns it, who may be on it, what the team sees, and its history."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samordna.accounts.tests.factories import MembershipFactory
from samordna.core import permissions
from samordna.core.models import AuditEvent
from samordna.core.permissions import Role
from samordna.interventions import services
from samordna.interventions.models import Intervention, TeamMember
from samordna.interventions.scopes import staffed_interventions
from samordna.interventions.tests.factories import intervention_of
from samordna.participants.models import Enrolment
from samordna.participants.tests.factories import enrolled, registered_participant


@pytest.fixture
def intervention(tenant):
    return intervention_of(tenant, name="Samverkansteam Norr")


def _staff(tenant):
    return tenant.users[Role.STAFF].memberships.get()


def _second_staff(tenant):
    return MembershipFactory(forbund=tenant.forbund, role=Role.STAFF, organisation=tenant.region)


def test_the_team_is_assigned_on_the_intervention_page_and_removal_asks_first(tenant, intervention):
    page = tenant.client(Role.ADMIN)
    url = f"/insatser/{intervention.pk}/"
    staff = _staff(tenant)
    response = page.post(f"{url}team/", {"membership": staff.pk}, follow=True)
    assert "är nu med i teamet" in response.content.decode()
    assert list(intervention.staff) == [staff]
    member = TeamMember.objects.get()
    confirm = page.get(f"/insatser/team/{member.pk}/ta-bort/")
    assert "Ta bort" in confirm.content.decode() and list(intervention.staff) == [staff]
    page.post(f"/insatser/team/{member.pk}/ta-bort/")
    assert list(intervention.staff) == []
    member.refresh_from_db()
    assert member.left == timezone.localdate() and member.removed_by == tenant.users[Role.ADMIN]
    shown = page.get(url).content.decode()
    assert staff.user.display_name in shown  # the history stays on the page
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions.count("team.add") == 1 and actions.count("team.remove") == 1


def test_only_the_forbunds_intervention_staff_can_be_on_a_team(tenant, other_tenant, intervention):
    api = tenant.api(Role.ADMIN)
    url = f"/api/v1/interventions/{intervention.pk}/team"
    referrer = tenant.users[Role.REFERRER].memberships.get()
    refused = api.post(url, {"membership": referrer.pk}, content_type="application/json")
    assert refused.status_code == 422
    assert "Endast förbundets insatsmedarbetare" in refused.json()["detail"][0]["msg"]
    elsewhere = other_tenant.users[Role.STAFF].memberships.get()
    foreign = api.post(url, {"membership": elsewhere.pk}, content_type="application/json")
    assert foreign.status_code == 422
    assert "membership" in foreign.json()["detail"][0]["msg"]
    page = tenant.client(Role.ADMIN).post(
        f"/insatser/{intervention.pk}/team/", {"membership": referrer.pk}, follow=True
    )
    assert "Välj ett giltigt alternativ" in page.content.decode()
    assert not TeamMember.objects.exists()


def test_the_team_through_the_api_keeps_its_history(tenant, intervention):
    api = tenant.api(Role.ANALYST)
    url = f"/api/v1/interventions/{intervention.pk}/team"
    first, second = _staff(tenant), _second_staff(tenant)
    for membership in (first, second):
        added = api.post(url, {"membership": membership.pk}, content_type="application/json")
        assert added.status_code == 201, added.content
    again = api.post(url, {"membership": first.pk}, content_type="application/json")
    assert again.status_code == 422 and "redan med i teamet" in again.json()["detail"][0]["msg"]
    member_id = api.get(url).json()[0]["id"]
    removed = api.delete(f"/api/v1/team-members/{member_id}")
    assert removed.json()["left"] == timezone.localdate().isoformat()
    assert [m["membership"] for m in api.get(f"{url}?current=true").json()] == [second.pk]
    assert len(api.get(url).json()) == 2
    rejoined = api.post(url, {"membership": first.pk}, content_type="application/json")
    assert rejoined.status_code == 201
    assert TeamMember.objects.filter(membership=first).count() == 2


@pytest.mark.parametrize("role", [Role.STAFF, Role.REFERRER, Role.BOARD, Role.AUDITOR])
def test_only_administrators_and_analysts_assign_teams(tenant, intervention, role):
    api = tenant.api(role)
    url = f"/api/v1/interventions/{intervention.pk}/team"
    response = api.post(url, {"membership": _staff(tenant).pk}, content_type="application/json")
    assert response.status_code in (403, 404)
    assert not TeamMember.objects.exists()


def test_staff_see_exactly_the_interventions_they_are_on_now(tenant, intervention):
    admin, staff_user = tenant.users[Role.ADMIN], tenant.users[Role.STAFF]
    other = intervention_of(tenant, name="Annan insats")
    assert not Intervention.objects.visible_to(staff_user).exists()
    member = services.add_to_team(admin, intervention, _staff(tenant))
    assert list(Intervention.objects.visible_to(staff_user)) == [intervention]
    assert tenant.client(Role.STAFF).get(f"/insatser/{other.pk}/").status_code == 404
    listed = tenant.api(Role.STAFF).get("/api/v1/interventions").json()["items"]
    assert [i["name"] for i in listed] == [intervention.name]
    assert set(Intervention.objects.visible_to(admin)) == {intervention, other}
    services.remove_from_team(admin, member)
    assert not Intervention.objects.visible_to(staff_user).exists()


def test_enrolments_follow_the_current_team(tenant, intervention):
    admin = tenant.users[Role.ADMIN]
    member = services.add_to_team(admin, intervention, _staff(tenant))
    enrolment = enrolled(tenant, intervention, participant=registered_participant(tenant, n=7))
    assert list(Enrolment.objects.visible_to(tenant.users[Role.STAFF])) == [enrolment]
    services.remove_from_team(admin, member)
    staff_user = type(tenant.users[Role.STAFF]).objects.get(pk=tenant.users[Role.STAFF].pk)
    assert not Enrolment.objects.visible_to(staff_user).exists()


def test_a_participants_page_reads_the_staff_members_team_places_once(tenant, intervention):
    services.add_to_team(tenant.users[Role.ADMIN], intervention, _staff(tenant))
    enrolment = enrolled(tenant, intervention)
    client = tenant.client(Role.STAFF)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/deltagare/personer/{enrolment.participant.pk}/")
    assert enrolment.participant.code in page.content.decode()
    team_reads = [q for q in queries.captured_queries if "interventions_teammember" in q["sql"]]
    assert len(team_reads) == 1


def test_a_team_place_given_during_a_request_counts_in_its_later_reads(tenant, intervention):
    staff = tenant.users[Role.STAFF]
    with permissions.remembered_for_request():
        assert staffed_interventions(staff) == []
        services.add_to_team(tenant.users[Role.ADMIN], intervention, _staff(tenant))
        assert staffed_interventions(staff) == [intervention.pk]

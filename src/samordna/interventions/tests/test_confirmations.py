"""Removing a staffing line, a method, a sub-group or a team member is confirmed first: the red
link opens a page that names what goes and what follows, and only its POST removes."""

from django.urls import reverse

from samordna.core.permissions import Role
from samordna.interventions.models import Method, StaffingLine, TargetSubGroup, TeamMember
from samordna.interventions.tests.factories import (
    StaffingLineFactory,
    TeamMemberFactory,
    intervention_of,
)


def _asks(client, list_url: str, url: str) -> str:
    """The confirmation page `url`, after checking the list links to it with a danger button."""
    assert f'href="{url}"' in client.get(list_url).content.decode()
    page = client.get(url)
    assert page.status_code == 200
    assert 'class="button button--danger"' in page.content.decode()
    return page.content.decode()


def test_removing_a_staffing_line_names_it_and_its_full_time_equivalents(tenant):
    intervention = intervention_of(tenant)
    line = StaffingLineFactory(
        intervention=intervention,
        organisation=tenant.kommun,
        full_time_equivalents="0.75",
        role_description="Coach",
    )
    client = tenant.client(Role.ADMIN)
    url = reverse("interventions:staffing_delete", args=[line.pk])
    page = _asks(client, reverse("interventions:staffing", args=[intervention.pk]), url)
    assert "Raden och dess årsarbetskrafter försvinner" in page
    assert "Coach: 0,75 årsarbetskrafter" in page
    assert StaffingLine.objects.filter(pk=line.pk).exists()
    client.post(url)
    assert not StaffingLine.objects.filter(pk=line.pk).exists()


def test_removing_a_method_in_use_says_it_is_taken_out_of_use_instead(tenant):
    method = Method.objects.create(forbund=tenant.forbund, name="IPS")
    intervention_of(tenant).methods.add(method)
    client = tenant.client(Role.ADMIN)
    url = reverse("interventions:method_remove", args=[method.pk])
    page = _asks(client, reverse("interventions:methods"), url)
    assert "1 insats har valt metoden, så den tas ur bruk i stället" in page
    method.refresh_from_db()
    assert method.is_active
    client.post(url)
    method.refresh_from_db()
    assert not method.is_active


def test_removing_an_unused_method_says_it_is_deleted(tenant):
    method = Method.objects.create(forbund=tenant.forbund, name="Oanvänd")
    client = tenant.client(Role.ADMIN)
    url = reverse("interventions:method_remove", args=[method.pk])
    assert "Ingen insats har valt metoden: den raderas" in _asks(
        client, reverse("interventions:methods"), url
    )
    client.post(url)
    assert not Method.objects.filter(pk=method.pk).exists()


def test_removing_a_sub_group_names_it(tenant):
    intervention = intervention_of(tenant)
    group = TargetSubGroup.objects.create(
        forbund=tenant.forbund, intervention=intervention, name="Unga", min_age=16, max_age=29
    )
    client = tenant.client(Role.ADMIN)
    url = reverse("interventions:sub_group_remove", args=[group.pk])
    page = _asks(client, reverse("interventions:sub_groups", args=[intervention.pk]), url)
    assert "Unga (16–29)" in page and "Delgruppen tas bort ur målgruppen" in page
    assert TargetSubGroup.objects.filter(pk=group.pk).exists()
    client.post(url)
    assert not TargetSubGroup.objects.filter(pk=group.pk).exists()


def test_taking_a_member_off_the_team_says_they_lose_sight_of_the_participants(tenant):
    intervention = intervention_of(tenant)
    membership = tenant.users[Role.STAFF].memberships.get()
    member = TeamMemberFactory(intervention=intervention, membership=membership)
    client = tenant.client(Role.ADMIN)
    url = reverse("interventions:team_remove", args=[member.pk])
    page = _asks(client, reverse("interventions:detail", args=[intervention.pk]), url)
    assert "ser" in page and "inte längre deltagarna i" in page
    client.post(url)
    assert TeamMember.objects.get(pk=member.pk).left is not None


def test_only_those_who_may_change_see_a_confirmation(tenant):
    line = StaffingLineFactory(
        intervention=intervention_of(tenant), organisation=tenant.kommun, full_time_equivalents=1
    )
    url = reverse("interventions:staffing_delete", args=[line.pk])
    assert tenant.client(Role.BOARD).get(url).status_code == 403

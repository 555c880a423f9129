from django.urls import reverse

from samordna.accounts.models import Membership
from samordna.core.models import AuditEvent
from samordna.core.permissions import Role

MEMBERS = "/konto/anvandare/"


def _new_member(tenant, **overrides):
    data = {
        "username": "ny-medarbetare",
        "first_name": "Nora",
        "last_name": "Påhittad",
        "email": "nora@example.org",
        "role": Role.STAFF,
        "organisation": tenant.kommun.pk,
        "password": "ett-långt-lösenord-17",
    }
    return data | overrides


def test_the_administrator_gives_a_new_user_a_role(tenant):
    response = tenant.client(Role.ADMIN).post(MEMBERS, _new_member(tenant), follow=True)
    assert "ny-medarbetare lades till" in response.content.decode()
    membership = Membership.objects.get(user__username="ny-medarbetare")
    assert (membership.forbund, membership.role) == (tenant.forbund, Role.STAFF)
    assert membership.user.check_password("ett-långt-lösenord-17")
    assert AuditEvent.objects.filter(action="membership.add").exists()


def test_a_weak_password_is_refused_and_the_form_keeps_what_was_typed(tenant):
    response = tenant.client(Role.ADMIN).post(MEMBERS, _new_member(tenant, password="123"))
    page = response.content.decode()
    assert "lösenordet är för kort" in page
    assert 'value="Nora"' in page
    assert not Membership.objects.filter(user__username="ny-medarbetare").exists()


def test_only_the_administrator_may_add_users(tenant):
    response = tenant.client(Role.AUDITOR).post(MEMBERS, _new_member(tenant))
    assert response.status_code == 403
    assert not Membership.objects.filter(user__username="ny-medarbetare").exists()


def test_staff_cannot_see_the_list_of_users(tenant):
    assert tenant.client(Role.STAFF).get(MEMBERS).status_code == 403


def test_the_administrator_removes_a_role(tenant):
    staff = tenant.users[Role.STAFF].memberships.get()
    tenant.client(Role.ADMIN).post(reverse("accounts:remove_member", args=[staff.pk]))
    assert not Membership.objects.filter(pk=staff.pk).exists()


def test_the_organisation_list_offers_only_the_forbunds_own_organisations(tenant, other_tenant):
    data = _new_member(tenant, organisation=other_tenant.kommun.pk)
    response = tenant.client(Role.ADMIN).post(MEMBERS, data)
    assert "Välj ett giltigt alternativ" in response.content.decode()

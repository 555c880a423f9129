"""Joining a förbund by invitation: sent by e-mail, accepted once through its link."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samordna.accounts.models import Invitation, Membership
from samordna.accounts.services import invite
from samordna.accounts.tests.factories import UserFactory, log_in_verified
from samordna.core.models import AuditEvent
from samordna.core.permissions import Role

MEMBERS = "/konto/anvandare/"
NEW_ACCOUNT = {
    "username": "nora",
    "first_name": "Nora",
    "last_name": "Påhittad",
    "password1": "ett-långt-lösenord-17",
    "password2": "ett-långt-lösenord-17",
}


def _invite(tenant, email="nora@example.org", role=Role.STAFF, organisation=None):
    invitation = invite(
        tenant.users[Role.ADMIN],
        tenant.forbund,
        email=email,
        role=role,
        organisation=organisation or tenant.kommun,
        site_url="http://testserver/",
    )
    return invitation, _link_in(mail.outbox[-1].body)


def _link_in(body: str) -> str:
    return re.search(r"http://testserver(/konto/inbjudan/\S+/)", body).group(1)


def _page(client, url) -> str:
    return client.get(url).content.decode()


def _invitation_form(tenant, email):
    return {"email": email, "role": Role.STAFF, "organisation": tenant.kommun.pk}


def test_the_administrator_invites_an_address_and_it_gets_a_one_time_link(tenant):
    client = tenant.client(Role.ADMIN)
    response = client.post(MEMBERS, _invitation_form(tenant, "nora@example.org"), follow=True)
    assert "En inbjudan skickades till nora@example.org" in response.content.decode()
    (message,) = mail.outbox
    assert message.to == ["nora@example.org"]
    assert tenant.forbund.name in message.subject
    assert "Insatsmedarbetare" in message.body
    invitation = Invitation.objects.get()
    assert _link_in(message.body).strip("/").split("/")[-1] not in invitation.digest
    assert "nora@example.org" in client.get(MEMBERS).content.decode()
    assert AuditEvent.objects.filter(action="invitation.create", forbund=tenant.forbund).exists()


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(tenant, other_tenant):
    other_user = other_tenant.users[Role.ADMIN]
    other_user.email = "finns@example.org"
    other_user.save()
    client = tenant.client(Role.ADMIN)
    answers = []
    for email in ("finns@example.org", "saknas@example.org"):
        response = client.post(MEMBERS, _invitation_form(tenant, email))
        shown = client.get(response.url).content.decode()
        message = re.search(r'<div class="messages".*?</div>', shown, re.S).group(0)
        answers.append((response.status_code, response.url, message.replace(email, "ADDRESS")))
        assert other_user.username not in shown
        assert other_user.last_name not in shown
    assert answers[0] == answers[1]
    assert [m.to for m in mail.outbox] == [["finns@example.org"], ["saknas@example.org"]]
    assert {i.status for i in Invitation.objects.all()} == {"pending"}


def test_an_invited_account_of_another_forbund_gets_no_role_until_it_accepts(
    client, tenant, other_tenant
):
    someone = other_tenant.users[Role.STAFF]
    _invitation, link = _invite(tenant, email="someone@example.org")
    assert not Membership.objects.filter(user=someone, forbund=tenant.forbund).exists()
    page = client.get(link).content.decode()
    assert "Logga in och acceptera sedan inbjudan" in page
    log_in_verified(client, someone)  # staff give the second factor before anything else
    assert tenant.forbund.name in client.get(link).content.decode()
    client.post(link)
    membership = Membership.objects.get(user=someone, forbund=tenant.forbund)
    assert (membership.role, membership.organisation) == (Role.STAFF, tenant.kommun)
    assert someone.memberships.filter(forbund=other_tenant.forbund).exists()
    assert AuditEvent.objects.filter(action="invitation.accept", actor=someone).exists()


def test_a_new_person_creates_an_account_through_the_link_and_gets_the_role(client, tenant):
    _invitation, link = _invite(tenant)
    response = client.post(link, NEW_ACCOUNT, follow=True)
    assert response.redirect_chain
    membership = Membership.objects.get(user__username="nora")
    assert (membership.forbund, membership.role) == (tenant.forbund, Role.STAFF)
    assert membership.user.email == "nora@example.org"
    assert membership.user.check_password("ett-långt-lösenord-17")
    assert client.session["_auth_user_id"] == str(membership.user.pk)
    # Staff owe a second factor: the new account is logged in and asked to set one up.
    assert "tvåstegsverifiering" in response.content.decode()


def test_the_link_works_once(client, tenant):
    _invitation, link = _invite(tenant)
    client.post(link, NEW_ACCOUNT)
    response = Client().get(link)
    assert response.status_code == 404
    assert "Länken gäller inte" in response.content.decode()


def test_a_weak_password_is_refused_and_the_form_keeps_what_was_typed(client, tenant):
    _invitation, link = _invite(tenant)
    data = NEW_ACCOUNT | {"password1": "123", "password2": "123"}
    page = client.post(link, data).content.decode()
    assert "lösenordet är för kort" in page
    assert 'value="Nora"' in page
    assert not Membership.objects.filter(forbund=tenant.forbund, user__username="nora").exists()


def test_a_taken_username_is_refused(client, tenant):
    UserFactory(username="nora")
    _invitation, link = _invite(tenant)
    page = client.post(link, NEW_ACCOUNT).content.decode()
    assert "En användare med det användarnamnet finns redan" in page


def test_an_expired_link_no_longer_opens(client, tenant):
    invitation, link = _invite(tenant)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(1))
    assert client.get(link).status_code == 404
    assert client.post(link, NEW_ACCOUNT).status_code == 404
    assert not Membership.objects.filter(user__username="nora").exists()


def test_a_withdrawn_invitation_no_longer_opens(client, tenant):
    invitation, link = _invite(tenant)
    admin = tenant.client(Role.ADMIN)
    url = reverse("accounts:revoke_invitation", args=[invitation.pk])
    assert f'class="button button--danger button--small" href="{url}"' in _page(admin, MEMBERS)
    asked = _page(admin, url)
    assert "Länken i e-postmeddelandet slutar fungera genast: nora@example.org" in asked
    assert client.get(link).status_code == 200
    admin.post(url)
    assert client.get(link).status_code == 404
    assert "Återkallad" in admin.get(MEMBERS).content.decode()
    assert AuditEvent.objects.filter(action="invitation.revoke").exists()


def test_sending_again_gives_a_new_link_and_the_old_one_stops_working(client, tenant):
    invitation, old_link = _invite(tenant)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    tenant.client(Role.ADMIN).post(reverse("accounts:resend_invitation", args=[invitation.pk]))
    new_link = _link_in(mail.outbox[-1].body)
    assert new_link != old_link
    assert client.get(old_link).status_code == 404
    assert client.get(new_link).status_code == 200
    assert AuditEvent.objects.filter(action="invitation.resend").exists()


def test_staff_are_invited_for_an_organisation(tenant):
    data = _invitation_form(tenant, "nora@example.org") | {"organisation": ""}
    page = tenant.client(Role.ADMIN).post(MEMBERS, data).content.decode()
    assert "Rollen agerar för en medlemsorganisation: välj vilken" in page
    assert 'value="nora@example.org"' in page
    assert not Invitation.objects.exists()


def test_the_organisation_list_offers_only_the_forbunds_own_organisations(tenant, other_tenant):
    data = _invitation_form(tenant, "nora@example.org") | {"organisation": other_tenant.kommun.pk}
    page = tenant.client(Role.ADMIN).post(MEMBERS, data).content.decode()
    assert "Välj ett giltigt alternativ" in page


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.ANALYST])
def test_only_the_administrator_may_invite(tenant, role):
    response = tenant.client(role).post(MEMBERS, _invitation_form(tenant, "nora@example.org"))
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_the_auditor_sees_the_invitations_but_no_invitation_form(tenant):
    _invite(tenant)
    page = tenant.client(Role.AUDITOR).get(MEMBERS).content.decode()
    assert "nora@example.org" in page
    assert "Skicka inbjudan" not in page


def test_staff_cannot_see_the_list_of_users(tenant):
    assert tenant.client(Role.STAFF).get(MEMBERS).status_code == 403


def test_the_administrator_removes_a_role(tenant):
    staff = tenant.users[Role.STAFF].memberships.get()
    tenant.client(Role.ADMIN).post(reverse("accounts:remove_member", args=[staff.pk]))
    assert not Membership.objects.filter(pk=staff.pk).exists()


def _api(client, tenant, method, path, **body):
    return getattr(client, method)(f"/api/v1{path}", data=body, content_type="application/json")


def test_the_api_invites_lists_resends_and_withdraws(tenant, other_tenant):
    other_tenant.users[Role.ADMIN].email = "finns@example.org"
    other_tenant.users[Role.ADMIN].save()
    client = tenant.client(Role.ADMIN)
    answers = []
    for email in ("finns@example.org", "saknas@example.org"):
        body = {"forbund": tenant.forbund.pk, "email": email, "role": "referrer"}
        response = _api(
            client, tenant, "post", "/invitations", **body, organisation=tenant.region.pk
        )
        assert response.status_code == 201
        answers.append(response.json())
    assert answers[0].keys() == answers[1].keys()
    assert answers[0]["status"] == "pending"
    listed = _api(client, tenant, "get", f"/invitations?forbund={tenant.forbund.pk}").json()[
        "items"
    ]
    assert {i["email"] for i in listed} == {"finns@example.org", "saknas@example.org"}
    first = answers[0]["id"]
    assert _api(client, tenant, "post", f"/invitations/{first}/resend").status_code == 200
    revoked = _api(client, tenant, "post", f"/invitations/{first}/revoke").json()
    assert revoked["status"] == "revoked"
    assert len(mail.outbox) == 3


def test_the_api_refuses_a_role_without_its_organisation_in_swedish(tenant):
    body = {"forbund": tenant.forbund.pk, "email": "nora@example.org", "role": "staff"}
    response = _api(tenant.client(Role.ADMIN), tenant, "post", "/invitations", **body)
    assert response.status_code == 422
    assert "välj vilken" in str(response.json())


def test_the_api_lets_no_one_but_the_administrator_invite(tenant):
    body = {"forbund": tenant.forbund.pk, "email": "nora@example.org", "role": "board"}
    response = _api(tenant.client(Role.AUDITOR), tenant, "post", "/invitations", **body)
    assert response.status_code == 403
    assert not Invitation.objects.exists()

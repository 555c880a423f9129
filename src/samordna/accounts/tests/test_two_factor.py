"""Two-factor sign-in: who is asked, setting up the app, codes, recovery codes, resets, idle logout."""

import time

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from samordna.accounts import two_factor
from samordna.accounts.middleware import LAST_SEEN_KEY
from samordna.accounts.models import ApiToken, Membership
from samordna.accounts.tests.factories import PASSWORD, UserFactory
from samordna.core.models import AuditEvent
from samordna.core.permissions import Role

LOGIN = reverse("accounts:login")
SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")
ASKED = [Role.ADMIN, Role.ANALYST, Role.STAFF]
NOT_ASKED = [Role.BOARD, Role.REFERRER, Role.AUDITOR]


def _password_login(user) -> Client:
    client = Client()
    client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    return client


def _with_app(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def _set_up(client, user) -> list[str]:
    """Go through the setup page as a user does; return the recovery codes it shows."""
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page = client.post(SETUP, {"code": two_factor.code_shown(device)}).content.decode()
    codes = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert all(code in page for code in codes)
    return codes


@pytest.mark.parametrize("role", ASKED)
def test_roles_that_reveal_identities_count_exactly_or_administer_set_up_an_app_first(tenant, role):
    client = _password_login(tenant.users[role])
    for page in (reverse("home"), reverse("accounts:members"), reverse("accounts:tokens")):
        response = client.get(page)
        assert response.status_code == 302
        assert response["Location"].startswith(SETUP)
    page = client.get(SETUP).content.decode()
    assert (
        "<svg" in page and 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page
    )
    assert "Ställ in tvåstegsverifiering" in page


@pytest.mark.parametrize("role", NOT_ASKED)
def test_roles_without_those_powers_are_not_asked(tenant, role):
    client = _password_login(tenant.users[role])
    assert client.get(reverse("home")).status_code == 200


def test_setting_up_the_app_shows_ten_recovery_codes_once_and_opens_the_pages(tenant):
    admin = tenant.users[Role.ADMIN]
    client = _password_login(admin)
    client.get(f"{SETUP}?next={reverse('accounts:members')}")
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    page = client.post(
        SETUP, {"code": two_factor.code_shown(device), "next": reverse("accounts:members")}
    ).content.decode()
    assert "Dina reservkoder" in page and f'href="{reverse("accounts:members")}"' in page
    assert StaticToken.objects.filter(device__user=admin).count() == 10
    assert client.get(reverse("accounts:members")).status_code == 200
    assert AuditEvent.objects.filter(action="two_factor.setup", actor=admin).exists()


def test_a_wrong_code_is_refused_in_swedish_and_nothing_opens(tenant):
    admin = tenant.users[Role.ADMIN]
    client = _password_login(admin)
    client.get(SETUP)
    page = client.post(SETUP, {"code": "000000x"}).content.decode()
    assert "Koden är fel eller gäller inte längre" in page
    assert not TOTPDevice.objects.filter(user=admin, confirmed=True).exists()
    assert client.get(reverse("home")).status_code == 302


def test_wrong_codes_slow_down_the_next_try(tenant):
    admin = tenant.users[Role.ADMIN]
    device = _with_app(admin)
    client = _password_login(admin)
    client.post(VERIFY, {"code": "fel"})
    page = client.post(VERIFY, {"code": two_factor.code_shown(device)}).content.decode()
    assert "För många felaktiga koder. Försök igen om 1 s." in page
    assert client.get(reverse("home")).status_code == 302


def test_an_administrator_with_an_app_enters_its_code_after_the_password(tenant):
    admin = tenant.users[Role.ADMIN]
    device = _with_app(admin)
    client = _password_login(admin)
    response = client.get(reverse("accounts:members"))
    assert response["Location"] == f"{VERIFY}?next=%2Fkonto%2Fanvandare%2F"
    assert client.get(SETUP)["Location"].startswith(VERIFY)  # no new app on a password alone
    response = client.post(
        VERIFY, {"code": two_factor.code_shown(device), "next": "/konto/anvandare/"}
    )
    assert response["Location"] == "/konto/anvandare/"
    assert client.get(reverse("accounts:members")).status_code == 200


def test_a_code_is_accepted_once(tenant):
    admin = tenant.users[Role.ADMIN]
    device = _with_app(admin)
    code = two_factor.code_shown(device)
    _password_login(admin).post(VERIFY, {"code": code})
    page = _password_login(admin).post(VERIFY, {"code": code}).content.decode()
    assert "Koden är fel eller gäller inte längre" in page


def test_a_recovery_code_logs_in_once(tenant):
    admin = tenant.users[Role.ADMIN]
    codes = _set_up(_password_login(admin), admin)
    client = _password_login(admin)
    response = client.post(VERIFY, {"recovery_code": codes[0].upper()}, follow=True)
    assert response.status_code == 200 and "9 koder återstår" in response.content.decode()
    page = _password_login(admin).post(VERIFY, {"recovery_code": codes[0]}).content.decode()
    assert "Det är inte en av dina oanvända reservkoder" in page


def test_new_recovery_codes_replace_the_old_ones(tenant):
    admin = tenant.users[Role.ADMIN]
    client = _password_login(admin)
    old = _set_up(client, admin)
    page = client.post(reverse("accounts:renew_recovery_codes")).content.decode()
    new = list(StaticToken.objects.filter(device__user=admin).values_list("token", flat=True))
    assert len(new) == 10 and not set(old) & set(new)
    assert all(code in page for code in new)
    rejected = _password_login(admin).post(VERIFY, {"recovery_code": old[1]})
    assert rejected.status_code == 200


def test_creating_an_api_token_needs_a_second_factor_whatever_the_role(tenant):
    board_member = tenant.users[Role.BOARD]
    client = _password_login(board_member)
    page = client.get(reverse("accounts:tokens")).content.decode()
    assert "bara en inloggning med tvåstegsverifiering kan skapa en" in page
    response = client.post(reverse("accounts:tokens"), {"name": "Rapportverktyg", "valid_days": 30})
    assert response["Location"].startswith(SETUP)
    assert not ApiToken.objects.filter(user=board_member).exists()
    verified = tenant.client(Role.BOARD)
    verified.post(reverse("accounts:tokens"), {"name": "Rapportverktyg", "valid_days": 30})
    assert ApiToken.objects.filter(user=board_member).exists()


def test_the_api_refuses_the_session_of_an_administrator_who_has_not_given_the_code(tenant):
    unverified = Client()
    unverified.force_login(tenant.users[Role.ADMIN])
    assert unverified.get("/api/v1/me").status_code == 401
    assert tenant.client(Role.ADMIN).get("/api/v1/me").status_code == 200
    board = Client()
    board.force_login(tenant.users[Role.BOARD])
    assert board.get("/api/v1/me").status_code == 200


def test_a_user_who_chose_an_app_is_asked_for_its_code_too(tenant):
    board_member = tenant.users[Role.BOARD]
    _with_app(board_member)
    response = _password_login(board_member).get(reverse("home"))
    assert response["Location"].startswith(VERIFY)


def test_site_operators_are_asked(db):
    assert two_factor.is_required(UserFactory(is_superuser=True))
    assert two_factor.is_required(UserFactory(is_staff=True))
    assert not two_factor.is_required(UserFactory())


def test_an_administrator_resets_a_members_lost_app_and_it_is_audited(tenant, other_tenant):
    staff = tenant.users[Role.STAFF]
    _with_app(staff)
    membership = Membership.objects.get(user=staff, forbund=tenant.forbund)
    admin = tenant.client(Role.ADMIN)
    assert (
        "Återställ tvåstegsverifiering" in admin.get(reverse("accounts:members")).content.decode()
    )
    url = reverse("accounts:reset_second_factor", args=[membership.pk])
    assert other_tenant.client(Role.ADMIN).post(url).status_code == 404
    assert tenant.client(Role.AUDITOR).post(url).status_code == 403
    asked = admin.get(url).content.decode()
    assert f"Autentiseringsappen och reservkoderna för {staff.username} slutar fungera" in asked
    assert two_factor.has_authenticator(staff)
    admin.post(url)
    assert not two_factor.has_authenticator(staff)
    event = AuditEvent.objects.get(action="two_factor.reset")
    assert event.actor == tenant.users[Role.ADMIN] and event.forbund == tenant.forbund
    assert _password_login(staff).get(reverse("home"))["Location"].startswith(SETUP)


def test_the_operator_resets_a_users_app_from_the_command_line(tenant):
    admin = tenant.users[Role.ADMIN]
    _with_app(admin)
    call_command("reset_two_factor", admin.username)
    assert not two_factor.has_authenticator(admin)
    assert AuditEvent.objects.filter(action="two_factor.reset", object_id=str(admin.pk)).exists()


def test_an_idle_session_is_logged_out_and_an_active_one_is_not(tenant, settings):
    settings.SAMORDNA_SESSION_IDLE_MINUTES = 30
    client = tenant.client(Role.BOARD)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 29 * 60
    session.save()
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 31 * 60
    session.save()
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0].startswith(LOGIN)
    assert "Du loggades ut efter 30 minuter utan aktivitet" in response.content.decode()

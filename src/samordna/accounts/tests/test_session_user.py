"""The user behind a session, read on every request: with their roles in one query, and with
every check Django and the second factor make (active users, the password, the device)."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from samordna.accounts.models import Membership
from samordna.accounts.tests.factories import UserFactory, log_in_verified
from samordna.core.permissions import Role


def _reads_of(client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]


def test_a_request_reads_the_session_the_user_with_their_roles_and_the_second_factor(tenant):
    client = tenant.client(Role.ANALYST)
    client.get("/api/v1/me")  # the idle clock's first write
    reads = _reads_of(client, "/api/v1/me")
    assert len(reads) == 3
    assert "accounts_membership" in reads[1] and "accounts_user" in reads[1]


def test_a_role_taken_away_is_gone_on_the_next_request(tenant):
    client = tenant.client(Role.ANALYST)
    assert client.get(reverse("participants:list")).status_code == 200
    Membership.objects.filter(user=tenant.users[Role.ANALYST]).update(role=Role.BOARD)
    assert client.get(reverse("participants:list")).status_code == 403


def test_a_deactivated_users_session_opens_nothing(tenant):
    client = tenant.client(Role.ANALYST)
    user = tenant.users[Role.ANALYST]
    user.is_active = False
    user.save()
    assert client.get(reverse("participants:list")).status_code == 302
    assert client.get("/api/v1/me").status_code == 401


def test_a_new_password_ends_the_sessions_that_knew_the_old_one(tenant):
    client = tenant.client(Role.ANALYST)
    user = tenant.users[Role.ANALYST]
    user.set_password("ett-annat-bra-lösenord")
    user.save()
    assert client.get("/api/v1/me").status_code == 401


def test_a_user_without_a_role_anywhere_is_still_the_sessions_user(db):
    user = UserFactory()
    client = Client()
    log_in_verified(client, user)
    me = client.get("/api/v1/me").json()
    assert (me["username"], me["memberships"]) == (user.username, [])


def test_a_reset_second_factor_no_longer_counts_for_the_session(tenant):
    client = tenant.client(Role.ADMIN)
    tenant.users[Role.ADMIN].totpdevice_set.all().delete()
    page = client.get(reverse("participants:list"))
    assert page.status_code == 302
    assert page.url.startswith(reverse("accounts:two_factor_setup"))


def test_an_expired_session_is_not_read(tenant):
    client = tenant.client(Role.ANALYST)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/v1/me").status_code == 401


def test_a_session_naming_another_users_device_or_none_gives_no_second_factor(tenant):
    client = tenant.client(Role.ADMIN)
    other = TOTPDevice.objects.create(user=UserFactory(), name="app", confirmed=True)
    for named in (other.persistent_id, "otp_totp.totpdevice/x", "ingen.modell/1"):
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = named
        session.save()
        page = client.get(reverse("participants:list"))
        assert page.status_code == 302
        assert page.url.startswith(reverse("accounts:two_factor_verify"))

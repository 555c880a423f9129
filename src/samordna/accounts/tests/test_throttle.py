"""Login throttling: per account and per client across accounts, a doubling wait instead of a
lockout, the client's address read as the proxy configuration says, a known device for the
owner, and API tokens counted too."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from samordna.accounts import throttle
from samordna.accounts.models import LoginThrottle
from samordna.accounts.tests.factories import PASSWORD, UserFactory
from samordna.core.permissions import Role

LOGIN = "/konto/logga-in/"


def _login(client, username, password, **headers):
    return client.post(LOGIN, {"username": username, "password": password}, **headers)


def _let_the_wait_pass():
    LoginThrottle.objects.update(blocked_until=timezone.now() - timedelta(seconds=1))


@given(st.integers(min_value=0, max_value=200), st.integers(min_value=0, max_value=30))
def test_the_wait_doubles_from_thirty_seconds_to_at_most_fifteen_minutes(failures, free):
    wait = throttle.wait_after(failures, free)
    if failures < free:
        assert wait == timedelta(0)
    else:
        assert timedelta(seconds=30) <= wait <= timedelta(minutes=15)
        assert wait == min(
            throttle.wait_after(failures - 1, free) * 2 or timedelta(seconds=30),
            timedelta(minutes=15),
        )


def test_an_account_waits_after_five_failures_and_is_told_until_when(client, tenant):
    user = tenant.users[Role.STAFF]
    for _attempt in range(5):
        assert _login(client, user.username, "fel").status_code == 200
    refused = _login(client, user.username, PASSWORD)
    assert refused.status_code == 429
    text = refused.content.decode()
    assert "För många misslyckade försök. Försök igen klockan" in text
    assert 25 <= int(refused["Retry-After"]) <= 31
    _let_the_wait_pass()
    assert _login(client, user.username, PASSWORD).status_code == 302


def test_the_account_is_slowed_whatever_address_the_guesses_come_from(tenant):
    user = tenant.users[Role.STAFF]
    for n in range(5):
        _login(Client(REMOTE_ADDR=f"192.0.2.{n}"), user.username, "fel")
    assert _login(Client(REMOTE_ADDR="192.0.2.99"), user.username, "fel").status_code == 429


def test_spraying_one_password_over_thirty_accounts_from_one_client_is_slowed(client, db):
    users = [UserFactory() for _n in range(30)]
    answers = [_login(client, user.username, "Sommar2026!").status_code for user in users]
    assert answers[:20] == [200] * 20
    assert set(answers[20:]) == {429}
    # The next account's owner, elsewhere, is not affected.
    assert (
        _login(Client(REMOTE_ADDR="198.51.100.7"), users[-1].username, PASSWORD).status_code == 302
    )


@pytest.fixture
def behind_a_proxy(settings):
    settings.SAMORDNA_CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.SAMORDNA_TRUSTED_PROXIES = 1


def test_two_clients_behind_one_proxy_do_not_lock_each_other_out(behind_a_proxy, tenant):
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    attacker = Client(**proxy, HTTP_X_FORWARDED_FOR="203.0.113.5")
    for user in [UserFactory() for _n in range(25)]:
        _login(attacker, user.username, "fel")
    assert _login(attacker, "nagon", "fel").status_code == 429
    owner = Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert _login(owner, tenant.users[Role.ADMIN].username, PASSWORD).status_code == 302


def test_a_forged_forwarded_address_does_not_escape_the_limit(behind_a_proxy, db):
    """The client may send its own X-Forwarded-For; the proxy appends the real address, and
    with one trusted proxy only the right-most entry counts."""
    for n in range(25):
        forged = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.5")
        last = _login(forged, f"konto{n}", "fel")
    assert last.status_code == 429


@pytest.mark.parametrize(
    ("trusted", "forwarded", "remote", "expected"),
    [
        (0, "203.0.113.5", "10.0.0.2", "10.0.0.2"),
        (1, "203.0.113.5", "10.0.0.2", "203.0.113.5"),
        (1, "192.0.2.1, 203.0.113.5", "10.0.0.2", "203.0.113.5"),
        (2, "192.0.2.1, 203.0.113.5", "10.0.0.2", "192.0.2.1"),
        (5, "203.0.113.5", "10.0.0.2", "203.0.113.5"),
        ("10.0.0.0/8", "192.0.2.1, 203.0.113.5, 10.1.1.1", "10.0.0.2", "203.0.113.5"),
        ("10.0.0.0/8", "", "192.0.2.9", "192.0.2.9"),
    ],
)
def test_the_client_address_is_read_as_configured(
    settings, rf, trusted, forwarded, remote, expected
):
    import ipaddress

    settings.SAMORDNA_CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.SAMORDNA_TRUSTED_PROXIES = (
        trusted if isinstance(trusted, int) else [ipaddress.ip_network(trusted)]
    )
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert throttle.client_ip(request) == expected


def test_the_owner_gets_past_the_limits_from_a_known_device(client, tenant):
    owner = tenant.users[Role.ADMIN]
    assert _login(client, owner.username, PASSWORD).status_code == 302
    assert throttle.DEVICE_COOKIE in client.cookies
    client.post("/konto/logga-ut/")
    # Someone on the same office address sprays, and someone elsewhere guesses the owner's password.
    office = Client()
    for user in [UserFactory() for _n in range(21)]:
        _login(office, user.username, "fel")
    for n in range(6):
        _login(Client(REMOTE_ADDR=f"203.0.113.{n}"), owner.username, "fel")
    assert _login(Client(), owner.username, PASSWORD).status_code == 429
    assert _login(client, owner.username, PASSWORD).status_code == 302


def test_a_known_device_still_counts_its_own_failures(client, tenant):
    owner = tenant.users[Role.ADMIN]
    _login(client, owner.username, PASSWORD)
    client.post("/konto/logga-ut/")
    for _attempt in range(5):
        _login(client, owner.username, "fel")
    assert _login(client, owner.username, PASSWORD).status_code == 429


def test_the_admin_login_is_throttled_too(client, tenant):
    user = tenant.users[Role.STAFF]
    for _attempt in range(5):
        client.post("/admin/login/", {"username": user.username, "password": "fel"})
    assert _login(client, user.username, PASSWORD).status_code == 429


def test_wrong_api_tokens_from_one_client_are_slowed(client, tenant):
    for n in range(20):
        answer = client.get("/api/v1/interventions", HTTP_AUTHORIZATION=f"Bearer smd_fel{n}")
        assert answer.status_code == 401
    refused = client.get("/api/v1/interventions", HTTP_AUTHORIZATION="Bearer smd_fel")
    assert refused.status_code == 429
    assert "Försök igen klockan" in refused.json()["detail"]
    # Logging in to the pages from the same office is not slowed by the integration.
    assert _login(client, tenant.users[Role.STAFF].username, PASSWORD).status_code == 302


def _a_day_passes():
    a_day_ago = timezone.now() - timedelta(days=1, minutes=1)
    LoginThrottle.objects.update(last_failure=a_day_ago, blocked_until=a_day_ago)


def test_counts_untouched_for_a_day_are_forgotten(client, db):
    for _attempt in range(5):
        _login(client, "nagon", "fel")
    _a_day_passes()
    assert _login(client, "nagon", "fel").status_code == 200
    assert LoginThrottle.objects.filter(failures=1).count() == 2
    _a_day_passes()
    assert throttle.forget_old(timezone.now()) == 2
    assert not LoginThrottle.objects.exists()

"""Login throttling on the database, so that every gunicorn worker sees the same counts.

Failures count per account (whatever address they come from) and per client (whatever account
they try), so neither guessing one password nor spraying one password over many accounts gets
far. Beyond the free failures each further one doubles the wait, from 30 seconds up to 15
minutes: the owner is slowed like everyone else, never locked out for good. A browser that has
logged in to an account carries a signed known-device cookie; there, the owner's own failures
count for that device alone, so an attacker elsewhere can neither slow the owner down through
the account nor through a shared office or proxy address.

Hooked in through Django's authentication (an authentication backend that refuses while a wait
lasts, the login signals that count), so the login page, the admin's login and every other
caller of `authenticate` are throttled alike; ThrottleMiddleware turns a refusal into a 429.
"""

import hashlib
import hmac
import ipaddress
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import render
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from samordna.accounts.models import LoginThrottle

FREE_ACCOUNT_FAILURES = 5
FREE_CLIENT_FAILURES = 20
FIRST_WAIT = timedelta(seconds=30)
LONGEST_WAIT = timedelta(minutes=15)
FORGET_AFTER = timedelta(days=1)
"""A count left alone this long starts again from zero."""

DEVICE_COOKIE = "samordna_device"
DEVICE_COOKIE_AGE = 60 * 60 * 24 * 180
_DEVICE_SALT = "samordna.accounts.throttle.device"


def wait_after(failures: int, free: int) -> timedelta:
    """How long to wait after `failures` failures: nothing before the `free`-th, then 30
    seconds, doubling with each further failure up to 15 minutes."""
    if failures < free:
        return timedelta(0)
    return min(FIRST_WAIT * 2 ** min(failures - free, 16), LONGEST_WAIT)


def client_ip(request) -> str:
    """The client's address as the deployment says to read it: REMOTE_ADDR, or the address the
    trusted proxies put in SAMORDNA_CLIENT_IP_HEADER (X-Forwarded-For: the right-most address
    not added by one of our own proxies; anything further left the client could have forged)."""
    remote = request.META.get("REMOTE_ADDR", "")
    header = settings.SAMORDNA_CLIENT_IP_HEADER
    if not header:
        return remote
    forwarded = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
    chain = [part.strip() for part in forwarded.split(",") if part.strip()] + [remote]
    trusted = settings.SAMORDNA_TRUSTED_PROXIES
    if isinstance(trusted, int):
        return chain[max(len(chain) - 1 - trusted, 0)]
    for address in reversed(chain):
        if not _is_trusted(address, trusted):
            return address
    return chain[0]


def _is_trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def _key(kind: str, value: str) -> str:
    """Keys are keyed hashes: the table never holds what someone typed as a username."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{kind}:{value}".encode(), hashlib.sha256)
    return f"{kind}:{digest.hexdigest()}"


def _device(request, username: str) -> str | None:
    """The known-device id this browser carries for `username`, if it carries one."""
    try:
        value = signing.loads(
            request.COOKIES.get(DEVICE_COOKIE, ""), salt=_DEVICE_SALT, max_age=DEVICE_COOKIE_AGE
        )
    except signing.BadSignature:
        return None
    return value.get("device") if value.get("user") == username.lower() else None


def _counters(request, username: str | None) -> list[tuple[str, int]]:
    """The counts an attempt is judged by, each with its free failures."""
    if username is not None:
        device = _device(request, username)
        if device is not None:
            return [(_key("device", device), FREE_ACCOUNT_FAILURES)]
    # API tokens count apart, so a misconfigured integration cannot slow its office's logins.
    client = "client" if username is not None else "token-client"
    counters = [(_key(client, client_ip(request)), FREE_CLIENT_FAILURES)]
    if username is not None:
        counters.append((_key("account", username.lower()), FREE_ACCOUNT_FAILURES))
    return counters


def blocked_until(request, username: str | None):
    """When the attempt may be made, if not now."""
    keys = [key for key, _free in _counters(request, username)]
    return (
        LoginThrottle.objects.filter(key__in=keys, blocked_until__gt=timezone.now())
        .order_by("-blocked_until")
        .values_list("blocked_until", flat=True)
        .first()
    )


@transaction.atomic
def record_failure(request, username: str | None) -> None:
    now = timezone.now()
    for key, free in _counters(request, username):
        row, _created = LoginThrottle.objects.select_for_update().get_or_create(
            key=key, defaults={"last_failure": now}
        )
        row.failures = 1 if row.last_failure < now - FORGET_AFTER else row.failures + 1
        row.last_failure = now
        row.blocked_until = now + wait_after(row.failures, free)
        row.save()


def record_success(request, username: str) -> None:
    """The account's (or this device's) failures are forgotten; the client's are not, so a
    sprayer who guesses one password keeps the slow-down for the rest."""
    keys = [key for key, _free in _counters(request, username) if not key.startswith("client:")]
    LoginThrottle.objects.filter(key__in=keys).delete()
    request.known_device = signing.dumps(
        {"user": username.lower(), "device": _device(request, username) or get_random_string(24)},
        salt=_DEVICE_SALT,
    )


def forget_old(now) -> int:
    """Delete counts nobody has added to for a day (run with the scheduled pruning)."""
    deleted, _by_model = LoginThrottle.objects.filter(last_failure__lt=now - FORGET_AFTER).delete()
    return deleted


class ThrottleBackend:
    """First of the authentication backends: while a wait lasts, nobody authenticates (Django
    stops at a PermissionDenied), and the middleware answers 429. Without `get_user` it never
    holds a session (Django keeps the backend that authenticated the user)."""

    def authenticate(self, request, username=None, **credentials):
        if request is None or username is None:
            return None
        until = blocked_until(request, username)
        if until is not None:
            request.login_throttled_until = until
            raise PermissionDenied
        return None


@receiver(user_login_failed)
def _count_failure(sender, credentials, request=None, **kwargs):
    if request is None or getattr(request, "login_throttled_until", None):
        return
    record_failure(request, credentials.get("username") or "")


@receiver(user_logged_in)
def _forget_failures(sender, request, user, **kwargs):
    if request is not None:
        record_success(request, user.get_username())


def try_again_message(until) -> str:
    return _("Too many failed attempts. Try again at %(time)s.") % {
        "time": timezone.localtime(until).strftime("%H:%M:%S")
    }


def retry_after(until) -> str:
    """Seconds to wait, for the Retry-After header."""
    return str(max(int((until - timezone.now()).total_seconds()) + 1, 1))


def too_many_attempts(request, until):
    """The 429 page: when the user may try again, in local time."""
    context = {"message": try_again_message(until)}
    response = render(request, "accounts/locked_out.html", context, status=429)
    response["Retry-After"] = retry_after(until)
    return response


class ThrottleMiddleware:
    """Answers 429 when the authentication backend refused a throttled attempt, and gives a
    browser that logged in its known-device cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        until = getattr(request, "login_throttled_until", None)
        if until is not None:
            return too_many_attempts(request, until)
        device = getattr(request, "known_device", None)
        if device is not None:
            response.set_cookie(
                DEVICE_COOKIE,
                device,
                max_age=DEVICE_COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

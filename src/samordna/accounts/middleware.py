"""Per-request account state: the förbund the request acts in (a user may belong to several),
logging out idle sessions, and holding back users who still owe their second factor."""

import time
from contextlib import suppress
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django_otp.middleware import OTPMiddleware
from django_otp.models import Device

from samordna.accounts import two_factor
from samordna.core import permissions
from samordna.core.by_key import row_by_key

SESSION_KEY = "samordna_forbund_id"
LAST_SEEN_KEY = "samordna_last_seen"


def current_forbund(request):
    """The förbund chosen in this session, else the user's first; None for a user without one."""
    forbunds = {m.forbund_id: m.forbund for m in permissions.memberships(request.user)}
    chosen = request.session.get(SESSION_KEY)
    if chosen in forbunds:
        return forbunds[chosen]
    return next(iter(forbunds.values()), None)


class VerifiedDeviceMiddleware(OTPMiddleware):
    """django-otp's middleware (`request.user.otp_device`, `is_verified()`), reading the device
    the session names by its key without compiling the query on every request (core/by_key.py).
    Its checks stay its own: the device must be the user's and confirmed."""

    def _device_from_persistent_id(self, persistent_id: str):
        label, _slash, key = self._normalize_persistent_id(persistent_id).rpartition("/")
        with suppress(ValueError, LookupError):
            model = apps.get_model(label)
            if issubclass(model, Device):
                return row_by_key(model, int(key))
        return None


class CurrentForbundMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.forbund = SimpleLazyObject(lambda: current_forbund(request))
        return self.get_response(request)


class SessionIdleMiddleware:
    """Logs out a session that made no request for SAMORDNA_SESSION_IDLE_MINUTES; the request
    then goes on as an anonymous one (pages send it to the login, the API answers 401)."""

    # The session is rewritten at most this often, not on every request.
    RESOLUTION_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._check(request, int(time.time()))
        return self.get_response(request)

    def _check(self, request, now: int) -> None:
        last_seen = request.session.get(LAST_SEEN_KEY)
        idle_minutes = settings.SAMORDNA_SESSION_IDLE_MINUTES
        if last_seen is not None and now - last_seen > idle_minutes * 60:
            logout(request)
            messages.info(
                request,
                _("You were logged out after %(minutes)d minutes without activity.")
                % {"minutes": idle_minutes},
            )
        elif last_seen is None or now - last_seen >= self.RESOLUTION_SECONDS:
            request.session[LAST_SEEN_KEY] = now


# Pages a user who owes a second factor may still open (the API answers them 401 itself).
OPEN_VIEWS = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:two_factor_setup",
        "accounts:two_factor_verify",
        "set_language",
    }
)


class TwoFactorMiddleware:
    """Until a user whose roles call for a second factor has given it, every page sends them to
    set up an authenticator app or to enter a code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match.view_name in OPEN_VIEWS or match.route.startswith("api/"):
            return None
        if two_factor.is_satisfied(request):
            return None
        return redirect_to_second_factor(request, request.get_full_path())


class NationalAnalystMiddleware:
    """A national analyst with no role in any förbund opens their account and the views marked
    open to them (`open_to_national_analysts`), nothing else: 403 everywhere, whatever a view
    would have shown. The API holds them in its authentication (api/auth.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match.route.startswith("api/") or not permissions.only_national(request.user):
            return None
        if match.namespace == "accounts" or match.view_name in OPEN_VIEWS:
            return None
        if getattr(view_func, "open_to_national_analysts", False):
            return None
        if match.view_name == "home":
            return redirect("reports:national_statistics")
        raise PermissionDenied


def redirect_to_second_factor(request, next_url: str):
    """To entering a code if the user has an authenticator app, else to setting one up."""
    name = (
        "accounts:two_factor_verify"
        if two_factor.has_authenticator(request.user)
        else "accounts:two_factor_setup"
    )
    return redirect(f"{reverse(name)}?{urlencode({'next': next_url})}")

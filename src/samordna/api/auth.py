"""API authentication: the browser session (with CSRF) or a personal API token."""

from django.core.exceptions import PermissionDenied
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from samordna.accounts import throttle, two_factor
from samordna.accounts.services import authenticate_api_token
from samordna.core import permissions

# The operations a national analyst may call: the national statistics, never a row.
NATIONAL_OPERATIONS = frozenset({"national_statistics"})


def hold_national_analysts(request, user):
    """A national analyst without a role in any förbund gets 403 from every other operation."""
    national = user is not None and permissions.only_national(user)
    if national and request.resolver_match.url_name not in NATIONAL_OPERATIONS:
        raise PermissionDenied
    return user


class ApiTokenAuth(HttpBearer):
    def authenticate(self, request, token):
        """A client that keeps presenting wrong tokens waits like a failing login."""
        until = throttle.blocked_until(request, None)
        if until is not None:
            raise HttpError(429, throttle.try_again_message(until))
        user = authenticate_api_token(token)
        if user is None:
            throttle.record_failure(request, None)
        else:
            request.user = user
        return hold_national_analysts(request, user)


class ActiveSessionAuth(SessionAuth):
    """The browser session of an active user who has given the second factor they owe."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is None or not user.is_active or not two_factor.is_satisfied(request):
            return None
        return hold_national_analysts(request, user)

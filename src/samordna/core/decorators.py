"""View decorators shared by every app."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from samordna.core import permissions


def forbund_required(view):
    """Logged in, and acting in a förbund the user is a member of (request.forbund)."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not request.forbund:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def unobserved(view):
    """A page whose requests are neither logged nor counted one by one: the anonymous survey,
    where a log line's time would date an answer (docs/privacy.md, "Enkäterna: hotmodell")."""
    view.unobserved = True
    return view


def national_statistics(view):
    """A page of national statistics (protected sums over the förbund that share them, never a
    row): the one kind of page a national analyst opens (accounts.middleware)."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not permissions.reads_national_statistics(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    # A marker the middleware reads; the stubs know no attributes on a function.
    wrapped.open_to_national_analysts = True  # type: ignore[attr-defined]
    return wrapped

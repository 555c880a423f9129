"""View decorators shared by every app."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


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

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

"""Which of the user's förbund the request acts in (a user may belong to several)."""

from django.utils.functional import SimpleLazyObject

from samordna.core import permissions

SESSION_KEY = "samordna_forbund_id"


def current_forbund(request):
    """The förbund chosen in this session, else the user's first; None for a user without one."""
    forbunds = {m.forbund_id: m.forbund for m in permissions.memberships(request.user)}
    chosen = request.session.get(SESSION_KEY)
    if chosen in forbunds:
        return forbunds[chosen]
    return next(iter(forbunds.values()), None)


class CurrentForbundMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.forbund = SimpleLazyObject(lambda: current_forbund(request))
        return self.get_response(request)

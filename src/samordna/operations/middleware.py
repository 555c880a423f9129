"""The health check, and one log line and the metrics for every request under a request id."""

import re
import time
import uuid

import structlog
from django.core.exceptions import PermissionDenied
from django.http import Http404

from samordna.operations import metrics, views

log = structlog.get_logger("samordna.request")

# nginx passes its $request_id; anything else is replaced rather than trusted into the logs.
REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")
UNMATCHED = "unmatched"


def _route(request) -> str:
    """The URL pattern's name, never the path: survey links carry their key in the path."""
    match = getattr(request, "resolver_match", None)
    return match.view_name if match and match.view_name else UNMATCHED


def _unobserved(request) -> bool:
    """A view marked core.decorators.unobserved (the anonymous survey pages)."""
    match = getattr(request, "resolver_match", None)
    return bool(match and getattr(match.func, "unobserved", False))


def _user_id(request) -> int | None:
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else None


HEALTH_PATH = "/health/"


class HealthCheckMiddleware:
    """Answers /health/ before anything else runs.

    A load balancer probes by address, over plain HTTP: the host check, the HTTPS redirect and
    the session would all refuse or slow it, and none of them is needed to say "up".
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == HEALTH_PATH:
            return views.health()
        return self.get_response(request)


class RequestObservationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if REQUEST_ID.match(incoming) else uuid.uuid4().hex
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        response = self.get_response(request)
        seconds = time.perf_counter() - started
        response.headers["X-Request-ID"] = request_id
        if not _unobserved(request):
            self._observe(request, response.status_code, seconds)
        structlog.contextvars.clear_contextvars()
        return response

    @staticmethod
    def _observe(request, status: int, seconds: float) -> None:
        route = _route(request)
        metrics.observe_request(request.method, route, status, seconds)
        log.info(
            "request",
            method=request.method,
            route=route,
            status=status,
            duration_ms=round(seconds * 1000, 1),
            user_id=_user_id(request),
        )

    def process_exception(self, request, exception):
        if isinstance(exception, Http404 | PermissionDenied):
            return  # answered as 404 and 403, and logged as such by __call__
        route = _route(request)
        metrics.ERRORS.labels(route).inc()
        log.error("request_failed", route=route, exc_info=exception)

"""The load balancer's health check and Prometheus' metrics."""

from django.conf import settings
from django.db import connection
from django.db.utils import DatabaseError
from django.http import Http404, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache

from samordna.operations import metrics


def health() -> JsonResponse:
    """200 while the database answers, 503 when it does not; says nothing more to anyone."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        response = JsonResponse({"status": "unavailable"}, status=503)
    else:
        response = JsonResponse({"status": "ok"})
    add_never_cache_headers(response)
    return response


@never_cache
def prometheus_metrics(request):
    """The metrics, for a scraper that sends `Authorization: Bearer <SAMORDNA_METRICS_TOKEN>`.

    Without a configured token, or with a wrong one, the route does not exist (404).
    """
    token = settings.SAMORDNA_METRICS_TOKEN
    offered = request.headers.get("Authorization", "").removeprefix("Bearer ")
    if not token or not constant_time_compare(offered, token):
        raise Http404
    return HttpResponse(metrics.exposition(), content_type="text/plain; version=0.0.4")

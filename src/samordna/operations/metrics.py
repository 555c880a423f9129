"""Prometheus metrics: requests, latency and errors per route, and the job queue.

Under `samordna serve` several gunicorn workers each count their own requests; prometheus-client's
multiprocess mode (PROMETHEUS_MULTIPROC_DIR, set by the serve command) adds them up at scrape time.
Labels are route names (`reports:detail`), never paths; the anonymous survey pages are not counted.
"""

import os

from django.db.models import Count
from django_tasks_db.models import DBTaskResult
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

REQUESTS = Counter(
    "samordna_http_requests_total", "HTTP requests answered.", ["method", "route", "status"]
)
LATENCY = Histogram(
    "samordna_http_request_duration_seconds",
    "Time to answer an HTTP request.",
    ["route"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
ERRORS = Counter(
    "samordna_http_exceptions_total", "Requests that ended in an unhandled exception.", ["route"]
)


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    REQUESTS.labels(method, route, str(status)).inc()
    LATENCY.labels(route).observe(seconds)


class JobQueueCollector:
    """Background jobs per state, read from the task table when Prometheus scrapes."""

    def collect(self):
        gauge = GaugeMetricFamily(
            "samordna_jobs", "Background jobs in the queue, by state.", labels=["state"]
        )
        counts = DBTaskResult.objects.values_list("status").annotate(n=Count("id"))
        for state, count in counts.order_by("status"):
            gauge.add_metric([state.lower()], count)
        yield gauge


def exposition() -> bytes:
    """The text Prometheus scrapes: this process's (or all workers') metrics and the queue."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        requests = CollectorRegistry()
        MultiProcessCollector(requests)
    else:
        requests = REGISTRY
    queue = CollectorRegistry()
    queue.register(JobQueueCollector())
    return generate_latest(requests) + generate_latest(queue)

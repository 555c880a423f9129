"""The load balancer's health check, Prometheus' metrics, and report files prepared in the background."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.utils import DatabaseError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from samordna.core.breadcrumbs import link, trail
from samordna.core.decorators import forbund_required
from samordna.core.http import attachment, visible_object
from samordna.operations import metrics, report_files
from samordna.operations.models import ReportFileJob, ReportFileStatus
from samordna.reports.breadcrumbs import reports
from samordna.reports.catalogue import REPORTS
from samordna.reports.files import FORMATS


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


@require_POST
@forbund_required
def report_file_request(request):
    """The report page's "prepare in the background": queue the file, show its progress."""
    definition = REPORTS.get(request.POST.get("report", ""))
    file_format = request.POST.get("file_format", "")
    if definition is None or file_format not in FORMATS:
        raise Http404
    query = request.POST.get("query", "")
    try:
        job = report_files.request_report_file(
            request.user, request.forbund, definition, file_format, query
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse(f"reports:{definition.name}") + "?" + query)
    return redirect("operations:report_file", pk=job.pk)


def _file_crumbs(report) -> list:
    """Rapporter › <the report> › Rapportfil."""
    if report is None:
        return []
    return trail(reports(), link(report.title, f"reports:{report.name}"), _("Report file"))


@never_cache
@forbund_required
def report_file(request, pk):
    """The file's progress (HTMX asks again until it is finished), then its download link."""
    job = visible_object(request.user, ReportFileJob, pk)
    report = REPORTS.get(job.report)
    context = {"job": job, "report": report, "breadcrumbs": _file_crumbs(report)}
    if request.headers.get("HX-Request"):
        return render(request, "operations/report_file_progress.html", context)
    return render(request, "operations/report_file.html", context)


@forbund_required
def report_file_download(request, pk):
    job = visible_object(request.user, ReportFileJob, pk)
    if job.status != ReportFileStatus.READY:
        raise Http404
    return attachment(bytes(job.content), job.content_type, job.filename)

"""Report files prepared in the background: asked for on the report page, built by the worker.

A report's file is usually quick; a national deployment's annual report as PDF is not, and a
request should not wait on it. The job builds exactly what the report's download link would
send (reports.files), as its requester, in the language they asked in. The job sits here beside
the request that queues it rather than in tasks.py, which would make the two import each other.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from samordna.core import permissions
from samordna.operations.models import ReportFileJob, ReportFileStatus
from samordna.reports import files
from samordna.reports.catalogue import REPORTS, ReportDefinition


def _valid_form(user, forbund, definition: ReportDefinition, query: str):
    permissions.require(user, definition.action, forbund)
    form = files.filter_form(user, forbund, definition, QueryDict(query))
    if not form.is_valid():
        raise ValidationError(_("Correct the report's filters before exporting it."))
    return form


@transaction.atomic
def request_report_file(
    user, forbund, definition: ReportDefinition, file_format: str, query: str
) -> ReportFileJob:
    """Queue the report's file for the worker; refused as the download link would refuse it."""
    _valid_form(user, forbund, definition, query)
    job = ReportFileJob.objects.create(
        forbund=forbund,
        requested_by=user,
        report=definition.name,
        file_format=file_format,
        query=query,
        language=translation.get_language() or "",
    )
    build_report_file.enqueue(job.pk)
    return job


@task()
def build_report_file(job_id: int) -> str:
    """The worker's part: build the job's file and keep it; a failure is kept, then raised."""
    job = ReportFileJob.objects.select_related("requested_by", "forbund").get(pk=job_id)
    job.status = ReportFileStatus.RUNNING
    job.save(update_fields=["status"])
    try:
        # The build asks about its user's access as a request does: memberships read once.
        with translation.override(job.language or None), permissions.remembered_for_request():
            definition = REPORTS[job.report]
            form = _valid_form(job.requested_by, job.forbund, definition, job.query)
            file = files.report_file(
                job.requested_by, job.forbund, definition, form, job.file_format
            )
    except Exception:
        _finish(job, ReportFileStatus.FAILED)
        raise
    job.content, job.filename, job.content_type = file.content, file.filename, file.content_type
    _finish(job, ReportFileStatus.READY)
    return job.filename


def _finish(job: ReportFileJob, status: ReportFileStatus) -> None:
    job.status, job.finished_at = status, timezone.now()
    job.save()

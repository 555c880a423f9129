"""The operations routes in the access matrix: /metrics/ answers only Prometheus' bearer token;
a report file prepared in the background is another förbund's like any of its rows."""

from samordna.core.permissions import Role
from samordna.operations.models import ReportFileJob, ReportFileStatus


def _report_file(tenant):
    job = ReportFileJob.objects.create(
        forbund=tenant.forbund,
        requested_by=tenant.users[Role.ANALYST],
        report="participants",
        file_format="csv",
        status=ReportFileStatus.READY,
        content=b"x",
    )
    return {"pk": job.pk}


PAGES: dict = {
    "operations:report_file": _report_file,
    "operations:report_file_download": _report_file,
}
PUBLIC_PAGES = {"operations:metrics"}

"""API routes for reports: the catalogue and each report's published (protected) tables."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as InputError

from samordna.core import permissions
from samordna.core.api import filter_by
from samordna.organisations.models import Forbund
from samordna.reports import published, services
from samordna.reports.catalogue import REPORTS, ReportDefinition, visible_reports
from samordna.reports.forms import ReportFilterForm

router = Router(tags=["reports"])


class ReportOut(Schema):
    name: str
    title: str
    description: str


class TableOut(Schema):
    key: str
    title: str
    header: list[str]
    rows: list[list[str]]
    note: str


class PublishedReportOut(Schema):
    report: str
    period: str
    threshold: int
    tables: list[TableOut]


def _forbund(request):
    """The förbund named by `?forbund=<id>` (another's answers 404), else the user's first."""
    forbund_id = request.GET.get("forbund")
    if forbund_id:
        visible = Forbund.objects.visible_to(request.auth)
        return get_object_or_404(visible, pk=forbund_id if forbund_id.isdigit() else 0)
    forbund = next((m.forbund for m in permissions.memberships(request.auth)), None)
    if forbund is None:
        raise HttpError(403, "Permission denied")
    return forbund


@router.get("/reports", response=list[ReportOut])
def list_reports(request, forbund: int | None = filter_by("The förbund (else the first)")):
    forbund = _forbund(request)
    return [
        {"name": r.name, "title": str(r.title), "description": str(r.description)}
        for r in visible_reports(request.auth, forbund)
    ]


def _published(request, definition: ReportDefinition):
    """Always protected: the API is a way out of Samordna, like a file."""
    forbund = _forbund(request)
    if not permissions.can(request.auth, definition.action, forbund):
        raise HttpError(403, "Permission denied")
    form = ReportFilterForm(
        request.GET, user=request.auth, forbund=forbund, default_part=definition.default_part
    )
    if not form.is_valid():
        raise InputError(
            [
                {"loc": ["query", field], "msg": " ".join(str(e) for e in errors)}
                for field, errors in form.errors.items()
            ]
        )
    protection = services.protection_for(forbund)
    tables = published.published_tables(definition, form.scope(), protection, exact=False)
    services.record_export(request.auth, forbund, definition.name, "api", form.described())
    return {
        "report": definition.name,
        "period": str(form.scope().period),
        "threshold": protection.threshold,
        "tables": [
            {
                "key": shown.table.key,
                "title": shown.title,
                "header": shown.header,
                "rows": [[row.label, *[cell.text for cell in row.cells]] for row in shown.body],
                "note": shown.table.note,
            }
            for shown in tables
        ],
    }


def _route(definition: ReportDefinition):
    def read(request, forbund: int | None = None, year: int | None = None, part: str | None = None):
        """The report's tables as published: counts under the threshold read "<N"."""
        try:
            return _published(request, definition)
        except PermissionDenied as error:
            raise HttpError(403, "Permission denied") from error

    read.__name__ = f"report_{definition.name}"
    router.get(
        f"/reports/{definition.name}", response=PublishedReportOut, summary=str(definition.title)
    )(read)


for _definition in REPORTS.values():
    _route(_definition)

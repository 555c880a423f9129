"""API routes for reports: the catalogue and each report's published (protected) tables."""

from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as InputError

from samordna.core import permissions, validation
from samordna.core.api import filter_by
from samordna.core.http import visible_object
from samordna.interventions.models import Intervention
from samordna.organisations.models import Forbund
from samordna.reports import national, national_statistics, published, services
from samordna.reports.catalogue import REPORTS, ReportDefinition, visible_reports
from samordna.reports.forms import PARTY_REPORT_FORMS, NationalStatisticsForm, ReportFilterForm
from samordna.reports.models import PartyReport

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


class NationalStatisticsOut(Schema):
    year: int
    forbund_count: int
    threshold: int
    counted_at: datetime | None
    tables: list[TableOut]


def _table_out(shown) -> dict:
    return {
        "key": shown.table.key,
        "title": shown.title,
        "header": shown.header,
        "rows": [[row.label, *[cell.text for cell in row.cells]] for row in shown.body],
        "note": shown.table.note,
    }


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
        "tables": [_table_out(shown) for shown in tables],
    }


@router.get("/national-statistics", response=NationalStatisticsOut, url_name="national_statistics")
def national_statistics_report(
    request, year: int | None = Query(None, ge=2000, le=2100, description="The year (else last)")
):
    """The key figures of the year summed over the förbund that share their statistics,
    protected (national analysts)."""
    if not permissions.reads_national_statistics(request.auth):
        raise PermissionDenied
    form = NationalStatisticsForm(request.GET)
    validation.require_valid(form)
    report = national_statistics.national_report(form.chosen_year())
    services.record_national_export(request.auth, "api", report.year)
    return {
        "year": report.year,
        "forbund_count": report.forbund_count,
        "threshold": report.protection.threshold,
        "counted_at": report.counted_at,
        "tables": [_table_out(shown) for shown in report.tables],
    }


class NationalRegistrationOut(Schema):
    intervention_id: int
    intervention: str
    year: int
    due: date
    responsible_id: int | None
    responsible: str
    entered_on: date | None


class ResponsibleIn(Schema):
    responsible: int | None


class EnteredIn(Schema):
    entered_on: date


@router.get("/national-registrations", response=list[NationalRegistrationOut])
def list_national_registrations(request, year: int, forbund: int | None = None):
    """Uppföljning Finsam for `year`: each intervention funded under a signed agreement, who
    enters its figures and when they were entered (the figures: GET /reports/finsam)."""
    chosen = _forbund(request)
    permissions.require(request.auth, "report.money", chosen)
    due = national.due_date(chosen, year)
    return [
        {
            "intervention_id": r.intervention.pk,
            "intervention": r.intervention.name,
            "year": year,
            "due": due,
            "responsible_id": r.responsible.pk if r.responsible else None,
            "responsible": national.person_name(r.responsible),
            "entered_on": r.entered_on,
        }
        for r in national.registrations(chosen, year)
    ]


@router.put("/national-registrations/{year}/{intervention_id}/responsible", response={204: None})
def assign_national_responsible(request, year: int, intervention_id: int, payload: ResponsibleIn):
    intervention = visible_object(request.user, Intervention, intervention_id, "national.record")
    user = None
    if payload.responsible is not None:
        members = get_user_model().objects.filter(memberships__forbund=intervention.forbund_id)
        user = members.filter(pk=payload.responsible).first()
        if user is None:
            raise ValidationError(
                {"responsible": _("The responsible person must be a member of the förbund.")}
            )
    services.assign_national_responsible(request.auth, intervention, year, user)
    return 204, None


@router.post("/national-registrations/{year}/{intervention_id}/entered", response={204: None})
def record_national_entry(request, year: int, intervention_id: int, payload: EnteredIn):
    intervention = visible_object(request.user, Intervention, intervention_id)
    services.record_national_entry(request.auth, intervention, year, payload.entered_on)
    return 204, None


class PartyReportIn(Schema):
    intervention: int
    kind: str = "period"
    year: int | None = None
    part: str = ""
    situation: str = ""
    results: str = ""
    budget: str = ""
    change_kind: str = ""
    effective_on: date | None = None
    description: str = ""


class PartyReportOut(Schema):
    id: int
    intervention_id: int
    kind: str
    year: int
    part: str
    change_kind: str
    effective_on: date | None
    situation: str
    results: str
    budget: str
    description: str
    status: str
    submitted_on: date | None
    decided_on: date | None
    comment: str


class PartyReportDecisionIn(Schema):
    accept: bool
    comment: str = ""


@router.get("/party-reports", response=list[PartyReportOut])
def list_party_reports(request, forbund: int | None = None, status: str | None = None):
    """Reports from the interventions the user may read (the board: accepted ones only)."""
    reports = PartyReport.objects.visible_to(request.auth).in_forbund(_forbund(request))
    return reports.filter(status=status) if status else reports


@router.post("/party-reports", response={201: PartyReportOut})
def create_party_report(request, payload: PartyReportIn):
    """Write a period report (kind "period": year, part, situation, results, budget) or a change
    report (kind "change": change_kind, effective_on, description); it starts as a draft."""
    intervention = visible_object(
        request.user, Intervention, payload.intervention, "party_report.write"
    )
    form_class = PARTY_REPORT_FORMS.get(payload.kind)
    if form_class is None:
        raise ValidationError({"kind": _("Choose a period report or a change report.")})
    writable = Intervention.objects.filter(pk=intervention.pk)
    form = form_class(payload.dict(exclude_none=True), interventions=writable)
    form.instance.forbund = intervention.forbund
    validation.require_valid(form)
    return 201, services.save_party_report(request.auth, form)


@router.get("/party-reports/{report_id}", response=PartyReportOut)
def get_party_report(request, report_id: int):
    return visible_object(request.user, PartyReport, report_id, "party_report.view")


@router.post("/party-reports/{report_id}/submit", response=PartyReportOut)
def submit_party_report(request, report_id: int):
    report = visible_object(request.user, PartyReport, report_id, "party_report.write")
    return services.submit_party_report(request.auth, report)


@router.post("/party-reports/{report_id}/decision", response=PartyReportOut)
def decide_party_report(request, report_id: int, payload: PartyReportDecisionIn):
    """The förbund accepts the submitted report, or returns it with a comment."""
    report = visible_object(request.user, PartyReport, report_id, "party_report.decide")
    return services.decide_party_report(request.auth, report, payload.accept, payload.comment)


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

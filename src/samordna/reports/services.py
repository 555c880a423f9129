"""Changes to reports' own data: the förbund's report settings and a period's narrative."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.core import audit, disclosure, permissions
from samordna.interventions.models import Intervention
from samordna.interventions.scopes import staffed_interventions
from samordna.reports.models import (
    DEFAULT_THRESHOLD,
    CalendarFeed,
    InterimRhythm,
    Narrative,
    NationalRegistration,
    PartyReport,
    PartyReportKind,
    PartyReportStatus,
    ReportSettings,
)
from samordna.reports.protection import Protection
from samordna.reports.registry import INTERIM
from samordna.reports.scope import JANUARY_AUGUST


def settings_for(forbund) -> ReportSettings:
    """The förbund's settings; defaults (threshold 5) until its administrator saves its own."""
    return ReportSettings.objects.filter(forbund=forbund).first() or ReportSettings(
        forbund=forbund, small_cell_threshold=DEFAULT_THRESHOLD
    )


@disclosure.threshold_source
def small_cell_threshold(forbund) -> int:
    return settings_for(forbund).small_cell_threshold


def protection_for(forbund) -> Protection:
    """How the förbund's published tables are protected: its threshold and perturbation table."""
    settings = settings_for(forbund)
    return Protection(settings.small_cell_threshold, settings.perturbation_table)


INTERIM_PARTS: dict[str, str] = {
    InterimRhythm.TERTIAL: "t1",
    InterimRhythm.JANUARY_AUGUST: JANUARY_AUGUST,
    InterimRhythm.HALF_YEAR: "h1",
}


def interim_part(forbund) -> str:
    """The period of the förbund's interim report, as its charter sets the rhythm."""
    return INTERIM_PARTS.get(settings_for(forbund).interim_rhythm, JANUARY_AUGUST)


def resolve_part(part: str, forbund) -> str:
    """A report's period part, with INTERIM made the förbund's own interim period."""
    return interim_part(forbund) if part == INTERIM else part


@transaction.atomic
def save_settings(user, form) -> ReportSettings:
    settings = form.save(commit=False)
    permissions.require(user, "report.settings", settings.forbund)
    settings.save()
    audit.record(user, "report.settings", settings, **form.cleaned_data)
    return settings


@transaction.atomic
def save_narrative(user, forbund, period, text: str) -> Narrative:
    permissions.require(user, "report.narrative", forbund)
    narrative, _created = Narrative.objects.update_or_create(
        forbund=forbund,
        period_start=period.start,
        period_end=period.end,
        defaults={"text": text, "updated_by": user},
    )
    audit.record(user, "report.narrative", narrative, period=str(period))
    return narrative


def narrative_for(forbund, period) -> Narrative | None:
    return Narrative.objects.filter(
        forbund=forbund, period_start=period.start, period_end=period.end
    ).first()


def record_export(user, forbund, report: str, file_format: str, filters: dict) -> None:
    """Every file that leaves Samordna is logged: who exported which report, how filtered."""
    audit.record(
        user, "report.export", forbund=forbund, report=report, format=file_format, **filters
    )


# The one export outside the förbund's catalogue of reports, as the audit log names it.
NATIONAL_STATISTICS = "national_statistics"


def record_national_export(user, file_format: str, year: int) -> None:
    """The national statistics are logged as any export, in the förbund where the user holds the
    national analyst's role (the export is theirs, whichever förbund they act in)."""
    national = next(m for m in permissions.memberships(user) if m.role == permissions.Role.NATIONAL)
    filters = {"period": str(year)}
    record_export(user, national.forbund, NATIONAL_STATISTICS, file_format, filters)


# Uppföljning Finsam: who enters each intervention's figures, and that they were entered -------


def national_registration(intervention, year: int) -> NationalRegistration:
    found = NationalRegistration.objects.filter(intervention=intervention, year=year).first()
    return found or NationalRegistration(
        forbund_id=intervention.forbund_id, intervention=intervention, year=year
    )


@transaction.atomic
def assign_national_responsible(actor, intervention, year: int, user) -> NationalRegistration:
    """Name who enters the intervention's figures for `year` into Uppföljning Finsam: a member
    of the förbund."""
    permissions.require(actor, "national.record", intervention)
    if user is not None and not permissions.roles_in(user, intervention.forbund_id):
        raise ValidationError(
            {"responsible": _("The responsible person must be a member of the förbund.")}
        )
    registration = national_registration(intervention, year)
    registration.responsible = user
    registration.save()
    audit.record(
        actor,
        "national_registration.change",
        intervention,
        year=year,
        responsible=user.get_username() if user else "",
    )
    return registration


@transaction.atomic
def record_national_entry(actor, intervention, year: int, entered_on) -> NationalRegistration:
    """Record that the intervention's figures for `year` were entered into Uppföljning Finsam:
    by the förbund's administrator or analyst, or the person named responsible."""
    registration = national_registration(intervention, year)
    if registration.responsible_id != actor.pk and not permissions.can(
        actor, "national.record", intervention
    ):
        raise PermissionDenied
    if entered_on > timezone.localdate():
        raise ValidationError({"entered_on": _("The date of entry cannot be in the future.")})
    if entered_on.year < year:
        raise ValidationError(
            {"entered_on": _("A year's figures can be entered once the year has begun.")}
        )
    registration.entered_on = entered_on
    registration.entered_by = actor
    registration.save()
    audit.record(
        actor,
        "national_registration.entered",
        intervention,
        year=year,
        entered_on=entered_on.isoformat(),
    )
    return registration


def calendar_feed(user, forbund, renew: bool = False) -> CalendarFeed:
    """The user's private calendar address in the förbund; `renew` replaces it (the old one
    stops working)."""
    permissions.require(user, "forbund.view", forbund)
    feed = CalendarFeed.objects.filter(forbund=forbund, user=user).first()
    if feed and renew:
        feed.delete()
        feed = None
    return feed or CalendarFeed.objects.create(forbund=forbund, user=user)


# Reports from the party that runs an intervention -----------------------------------------------

EDITABLE_REPORT_STATUSES = (PartyReportStatus.DRAFT, PartyReportStatus.RETURNED)


def _writable(interventions, user, forbund_or_row):
    """The förbund's administrators and analysts write for any intervention; staff for those
    they work in."""
    if permissions.can(user, "party_report.decide", forbund_or_row):
        return interventions
    if permissions.can(user, "party_report.write", forbund_or_row):
        return interventions.filter(pk__in=staffed_interventions(user))
    return interventions.none()


def writable_interventions(user, forbund):
    """The interventions of `forbund` the user may write party reports for (one query)."""
    return _writable(Intervention.objects.visible_to(user).in_forbund(forbund), user, forbund)


def may_write_for(user, intervention) -> bool:
    return _writable(Intervention.objects.filter(pk=intervention.pk), user, intervention).exists()


def _require_writer(actor, report) -> None:
    if not may_write_for(actor, report.intervention):
        raise PermissionDenied


def _check_content(report) -> None:
    if report.kind == PartyReportKind.PERIOD:
        if not report.part:
            raise ValidationError({"part": _("Choose the period the report covers.")})
    elif not report.change_kind or not report.effective_on:
        raise ValidationError({"change_kind": _("Say what changes and from which day.")})


@transaction.atomic
def save_party_report(actor, form) -> PartyReport:
    """Write or rework a report; it can be changed until submitted, and again once returned."""
    report = form.instance
    if report.pk is None:
        report.written_by = actor
    _require_writer(actor, report)
    if report.status not in EDITABLE_REPORT_STATUSES:
        raise ValidationError(_("A submitted report cannot be changed; the förbund can return it."))
    _check_content(report)
    action = "party_report.change" if report.pk else "party_report.create"
    report = form.save()
    audit.record(actor, action, report.intervention, report=report.pk, kind=report.kind)
    return report


@transaction.atomic
def submit_party_report(actor, report) -> PartyReport:
    _require_writer(actor, report)
    if report.status not in EDITABLE_REPORT_STATUSES:
        raise ValidationError(_("The report is already submitted."))
    filled = (
        [report.situation, report.results, report.budget]
        if report.kind == PartyReportKind.PERIOD
        else [report.description]
    )
    if not any(text.strip() for text in filled):
        raise ValidationError(_("Write the report before submitting it."))
    report.status = PartyReportStatus.SUBMITTED
    report.submitted_on = timezone.localdate()
    report.save(update_fields=["status", "submitted_on"])
    audit.record(actor, "party_report.submit", report.intervention, report=report.pk)
    return report


@transaction.atomic
def decide_party_report(actor, report, accept: bool, comment: str = "") -> PartyReport:
    """The förbund accepts a submitted report, or returns it with a comment saying what is
    missing."""
    permissions.require(actor, "party_report.decide", report)
    if report.status != PartyReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be accepted or returned."))
    if not accept and not comment.strip():
        raise ValidationError({"comment": _("Say what the report lacks when returning it.")})
    report.status = PartyReportStatus.ACCEPTED if accept else PartyReportStatus.RETURNED
    report.decided_by, report.decided_on, report.comment = actor, timezone.localdate(), comment
    report.save(update_fields=["status", "decided_by", "decided_on", "comment"])
    verb = "accept" if accept else "return"
    audit.record(actor, f"party_report.{verb}", report.intervention, report=report.pk)
    return report

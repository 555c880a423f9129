"""Changes to reports' own data: the förbund's report settings and a period's narrative."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.core import audit, disclosure, permissions
from samordna.reports.models import (
    DEFAULT_THRESHOLD,
    CalendarFeed,
    InterimRhythm,
    Narrative,
    NationalRegistration,
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

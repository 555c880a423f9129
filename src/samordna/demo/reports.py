"""Demo report settings and narratives: Insjöriket reports January–August (due 10 September)
and its statistics by 10 February; Finnveden reports per tertial. Each förbund's interim report
of this year opens with a narrative. Idempotent per förbund."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model

from samordna.core.periods import Period, PeriodKind
from samordna.core.permissions import Role
from samordna.demo.clock import on
from samordna.interventions.models import Intervention
from samordna.organisations.models import Forbund
from samordna.reports import national, services
from samordna.reports.forms import ChangeReportForm, PeriodReportForm
from samordna.reports.models import InterimRhythm, Narrative, NationalRegistration, ReportSettings
from samordna.reports.scope import ReportPeriod
from samordna.reports.services import interim_part

SETTINGS = {
    "222000-1503": {"interim_rhythm": InterimRhythm.TERTIAL, "interim_due_days": 30},
    "222000-1602": {"interim_rhythm": InterimRhythm.JANUARY_AUGUST, "interim_due_days": 10},
}
User = get_user_model()
TEAM = "Samverkansteam Finnveden"
PERIOD_REPORT = {
    "situation": "Teamet är fullt bemannat med coacher från kommunerna, Arbetsförmedlingen och "
    "Försäkringskassan. Gemensamma kartläggningar görs varje vecka.",
    "results": "Flera deltagare har gått vidare till praktik eller studier; se periodens siffror.",
    "budget": "Kostnaderna följer budgeten; lokalkostnaden blev något lägre än planerat.",
}
CHANGE_REPORT = (
    "En av coacherna från kommunen går ner till halvtid; tjänsten fylls upp med en "
    "studie- och yrkesvägledare på halvtid."
)
NARRATIVE = (
    "Under perioden har insatserna tagit emot remisser från alla parter. Samverkan i "
    "beredningsgruppen har fungerat väl; två samverkansavvikelser har hanterats."
)


def _national_registrations(forbund, today: date) -> None:
    """Last year's figures for Uppföljning Finsam: the analyst is responsible for every
    intervention (Insjöriket has none, so nobody is named there); they were entered on 20 January."""
    year = today.year - 1
    entered = today >= date(today.year, 1, 20)
    analyst = User.objects.filter(
        memberships__forbund=forbund, memberships__role=Role.ANALYST
    ).first()
    for registration in national.registrations(forbund, year):
        NationalRegistration.objects.update_or_create(
            forbund=forbund,
            intervention=registration.intervention,
            year=year,
            defaults={
                "responsible": analyst,
                "entered_on": date(today.year, 1, 20) if entered else None,
                "entered_by": analyst if entered else None,
            },
        )


def _party_reports(forbund, today: date) -> None:
    """The Samverkansteam's report for the last closed tertial, accepted by the analyst, and a
    change in staffing reported last month, awaiting the förbund."""
    intervention = Intervention.objects.filter(forbund=forbund, name=TEAM).first()
    staff = User.objects.filter(username="medarbetare").first()
    analyst = User.objects.filter(username="analytiker").first()
    if not (intervention and staff and analyst) or intervention.party_reports.exists():
        return
    closed = Period.containing(today, PeriodKind.TERTIAL)
    while closed.end + timedelta(days=20) >= today:  # written, submitted and accepted by today
        closed = Period.containing(closed.start - timedelta(days=1), PeriodKind.TERTIAL)
    period = PeriodReportForm(
        {"intervention": intervention.pk, "year": closed.year, "part": f"t{closed.number}"}
        | PERIOD_REPORT,
        interventions=Intervention.objects.filter(pk=intervention.pk),
    )
    change = ChangeReportForm(
        {
            "intervention": intervention.pk,
            "change_kind": "staffing",
            "effective_on": today.replace(day=1),
            "description": CHANGE_REPORT,
        },
        interventions=Intervention.objects.filter(pk=intervention.pk),
    )
    for form in (period, change):
        form.instance.forbund = forbund
        assert form.is_valid(), form.errors
    with on(closed.end + timedelta(days=12)):
        report = services.submit_party_report(staff, services.save_party_report(staff, period))
    with on(closed.end + timedelta(days=20)):
        services.decide_party_report(analyst, report, accept=True)
    with on(today):
        services.submit_party_report(staff, services.save_party_report(staff, change))


def build_reports_demo(today: date) -> None:
    for number, values in SETTINGS.items():
        forbund = Forbund.objects.filter(organisation_number=number).first()
        if forbund is None:
            continue
        ReportSettings.objects.update_or_create(forbund=forbund, defaults=values)
        period = ReportPeriod(today.year, interim_part(forbund))
        Narrative.objects.update_or_create(
            forbund=forbund,
            period_start=period.start,
            period_end=period.end,
            defaults={"text": NARRATIVE},
        )
        _national_registrations(forbund, today)
        _party_reports(forbund, today)

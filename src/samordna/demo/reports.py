"""Demo report settings and narratives: Insjöriket reports January–August (due 10 September)
and its statistics by 10 February; Finnveden reports per tertial. Each förbund's interim report
of this year opens with a narrative. Idempotent per förbund."""

from datetime import date

from django.contrib.auth import get_user_model

from samordna.core.permissions import Role
from samordna.organisations.models import Forbund
from samordna.reports import national
from samordna.reports.models import InterimRhythm, Narrative, NationalRegistration, ReportSettings
from samordna.reports.scope import ReportPeriod
from samordna.reports.services import interim_part

SETTINGS = {
    "222000-1503": {"interim_rhythm": InterimRhythm.TERTIAL, "interim_due_days": 30},
    "222000-1602": {"interim_rhythm": InterimRhythm.JANUARY_AUGUST, "interim_due_days": 10},
}
User = get_user_model()
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

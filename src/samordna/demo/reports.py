"""Demo report settings and narratives: Insjöriket reports January–August (due 10 September)
and its statistics by 10 February; Finnveden reports per tertial. Each förbund's interim report
of this year opens with a narrative. Idempotent per förbund."""

from datetime import date

from samordna.organisations.models import Forbund
from samordna.reports.models import InterimRhythm, Narrative, ReportSettings
from samordna.reports.scope import ReportPeriod
from samordna.reports.services import interim_part

SETTINGS = {
    "222000-1503": {"interim_rhythm": InterimRhythm.TERTIAL, "interim_due_days": 30},
    "222000-1602": {"interim_rhythm": InterimRhythm.JANUARY_AUGUST, "interim_due_days": 10},
}
NARRATIVE = (
    "Under perioden har insatserna tagit emot remisser från alla parter. Samverkan i "
    "beredningsgruppen har fungerat väl; två samverkansavvikelser har hanterats."
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

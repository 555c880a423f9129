"""Demo goals: Finnveden's three measurable goals (seed § 4), two for ACTivera, and the Gnosjö
development post's milestones (one reached in time, one not due yet).

Runs after the survey and measurement demos. Skips quietly when an intervention is absent;
idempotent by (intervention, goal name).
"""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from samordna.goals.models import Goal, Metric
from samordna.interventions.models import Intervention
from samordna.measurements.models import Instrument
from samordna.organisations.models import Forbund
from samordna.surveys.models import Questionnaire

GoalSpec = tuple[str, str, int | None, dict[str, Any]]

FINNVEDEN_GOALS: list[GoalSpec] = [
    ("50 % har tydligt närmat sig arbetsmarknaden enligt SKAPA", Metric.CLOSER, 50, {}),
    (
        "75 % upplever att de fått stöd som är till stor nytta",
        Metric.SURVEY,
        75,
        {"question_code": "indikator-1", "threshold": 5},
    ),
    (
        "85 % upplever att personalen tagit tillvara deras erfarenheter",
        Metric.SURVEY,
        85,
        {"question_code": "indikator-7", "threshold": 5},
    ),
]
ACTIVERA_GOALS: list[GoalSpec] = [
    ("40 % i arbete eller studier vid avslut", Metric.WORK_OR_STUDIES, 40, {}),
    (
        "30 % helt eller delvis självförsörjande ett år efter avslut",
        Metric.SELF_SUPPORTING,
        30,
        {"months_after": 12},
    ),
]


def _milestones(today: date) -> list[GoalSpec]:
    """A structural intervention's goals are dates: placed around today so one is reached."""
    reached, due = today - timedelta(days=75), today - timedelta(days=60)
    return [
        (
            "Samverkansöverenskommelse antagen av parterna",
            Metric.MILESTONE,
            None,
            {
                "due_on": due,
                "met_on": reached,
                "evidence": "Antagen av kommunstyrelsen och Försäkringskassans lokala ledning.",
            },
        ),
        (
            "Handlingsplan för unga vuxna utan sysselsättning",
            Metric.MILESTONE,
            None,
            {"due_on": today + timedelta(days=90)},
        ),
    ]


def build_goals_demo(today: date) -> None:
    year = today.year
    demo: list[tuple[str, str, list[GoalSpec]]] = [
        ("222000-1503", "Samverkansteam Finnveden", FINNVEDEN_GOALS),
        ("222000-1503", "Samverkansutvecklare Gnosjö", _milestones(today)),
        ("222000-1602", "ACTivera", ACTIVERA_GOALS),
    ]
    for number, name, goals in demo:
        forbund = Forbund.objects.filter(organisation_number=number).first()
        intervention = Intervention.objects.filter(forbund=forbund, name=name).first()
        if forbund is None or intervention is None:
            continue
        references = {
            "instrument": Instrument.objects.filter(forbund=forbund, name="SKAPA (BIP)").first(),
            "questionnaire": Questionnaire.objects.filter(
                forbund=forbund, name__endswith="vid avslut"
            ).first(),
        }
        for goal_name, metric, target, fields in goals:
            Goal.objects.update_or_create(
                forbund=forbund,
                intervention=intervention,
                name=goal_name,
                defaults={
                    "metric": metric,
                    "target_percent": None if target is None else Decimal(target),
                    "year": year,
                    "minimum_n": 5,
                    **_references(metric, references),
                    **fields,
                },
            )


def _references(metric, references) -> dict:
    if metric == Metric.CLOSER:
        return {"instrument": references["instrument"]}
    if metric == Metric.SURVEY:
        return {"questionnaire": references["questionnaire"]}
    return {}

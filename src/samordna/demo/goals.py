"""Demo goals: Finnveden's three measurable goals (seed § 4) and two for ACTivera.

Runs after the survey and measurement demos. Skips quietly when an intervention is absent;
idempotent by (intervention, goal name).
"""

from datetime import date
from decimal import Decimal
from typing import Any

from samordna.goals.models import Goal, Metric
from samordna.interventions.models import Intervention
from samordna.measurements.models import Instrument
from samordna.organisations.models import Forbund
from samordna.surveys.models import Questionnaire

GoalSpec = tuple[str, str, int, dict[str, Any]]

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
DEMO: list[tuple[str, str, list[GoalSpec]]] = [
    ("222000-1503", "Samverkansteam Finnveden", FINNVEDEN_GOALS),
    ("222000-1602", "ACTivera", ACTIVERA_GOALS),
]


def build_goals_demo(today: date) -> None:
    year = today.year
    for number, name, goals in DEMO:
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
                    "target_percent": Decimal(target),
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

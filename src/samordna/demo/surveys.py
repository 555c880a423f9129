"""Demo survey answers: the indicator questionnaires and the violence form in both demo förbund.

Finds the demo interventions by name and skips quietly when one is absent. Links are issued in
batches and answered through the same service as the public page; some are left unused so the
printable sheet has cards and the response rate is below 100 %. Idempotent: an intervention
that already has answers is left as it is.
"""

import random
from datetime import date

from django.contrib.auth import get_user_model

from samordna.interventions.models import Intervention
from samordna.organisations.models import Forbund
from samordna.surveys import services
from samordna.surveys.models import Occasion, QuestionKind, Questionnaire, Response

# (förbund number, administrator, staff member, intervention name, violence form?)
DEMO = [
    ("222000-1503", "chef", "medarbetare", "Samverkansteam Finnveden", False),
    ("222000-1602", "insjo-chef", "insjo-medarbetare", "ACTivera", True),
]

# Mostly favourable answers on the frequency scale (6 = always ... 1 = never).
ANSWER_WEIGHTS = [(6, 5), (5, 4), (4, 2), (3, 1), (2, 1)]


def build_surveys_demo(today: date | None = None) -> None:
    today = today or date.today()
    users = get_user_model().objects
    for number, admin, staff, name, violence in DEMO:
        forbund = Forbund.objects.filter(organisation_number=number).first()
        intervention = Intervention.objects.filter(forbund=forbund, name=name).first()
        if forbund is None or intervention is None:
            continue
        services.install_examples(users.get(username=admin), forbund)
        if Response.objects.filter(intervention=intervention).exists():
            continue
        _answer_round(users.get(username=staff), forbund, intervention, violence, today)


def _questionnaire(forbund, suffix) -> Questionnaire:
    return Questionnaire.objects.get(forbund=forbund, name__endswith=suffix)


def _answer_round(staff, forbund, intervention, violence, today) -> None:
    chance = random.Random(intervention.pk)
    tertial = (today.month - 1) // 4 + 1
    for period in range(1, tertial + 1):
        _batch(
            staff,
            _questionnaire(forbund, "vid avslut"),
            intervention,
            Occasion.END,
            today.year,
            period,
            issued=8,
            answered=6,
            chance=chance,
        )
    _batch(
        staff,
        _questionnaire(forbund, "pågående deltagare"),
        intervention,
        Occasion.YEARLY,
        today.year - 1,
        3,
        issued=10,
        answered=7,
        chance=chance,
    )
    if violence:
        for period in range(1, tertial + 1):
            _batch(
                staff,
                _questionnaire(forbund, "nära relationer"),
                intervention,
                Occasion.ROUND,
                today.year,
                period,
                issued=6,
                answered=5,
                chance=chance,
            )


def _batch(
    staff, questionnaire, intervention, occasion, year, tertial, *, issued, answered, chance
):
    batch = services.issue_tokens(
        staff,
        questionnaire,
        intervention=intervention,
        occasion=occasion,
        year=year,
        tertial=tertial,
        count=issued,
    )
    questions = list(batch.version.questions.all())
    for token in list(batch.tokens.order_by("pk"))[:answered]:
        services.submit_answers(str(token.key), {q.pk: _value(q, chance) for q in questions})


def _value(question, chance) -> int:
    if question.kind == QuestionKind.YES_NO:
        return 1 if chance.random() < 0.2 else 0
    values, weights = zip(*ANSWER_WEIGHTS, strict=True)
    return chance.choices(values, weights)[0]

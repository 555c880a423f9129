"""Demo survey answers: the indicator questionnaires and the violence form in both demo förbund.

Finds the demo interventions by name and skips quietly when one is absent. Links are issued in
batches and answered through the same service as the public page; some are left unused so the
printable sheet has cards and the response rate is below 100 %. The end questionnaire and the
violence form are handed out in the current tertial and the two before it (issued on the
tertial's first day), the yearly round to ongoing participants in the latest September–October.
Idempotent: an intervention that already has answers is left as it is.
"""

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model

from samordna.core.periods import Period, PeriodKind
from samordna.demo.clock import on, story_start
from samordna.interventions.models import Intervention
from samordna.organisations.models import Forbund
from samordna.surveys import services
from samordna.surveys.models import Occasion, QuestionKind, Questionnaire, Response

# (förbund number, administrator, staff member, intervention name, violence form?)
DEMO = [
    ("222000-1503", "chef", "medarbetare", "Samverkansteam Finnveden", True),
    ("222000-1602", "insjo-chef", "insjo-medarbetare", "ACTivera", True),
]

# Mostly favourable answers on the frequency scale (6 = always ... 1 = never).
ANSWER_WEIGHTS = [(6, 5), (5, 4), (4, 2), (3, 1), (2, 1)]


def build_surveys_demo(today: date) -> None:
    users = get_user_model().objects
    for number, admin, staff, name, violence in DEMO:
        forbund = Forbund.objects.filter(organisation_number=number).first()
        intervention = Intervention.objects.filter(forbund=forbund, name=name).first()
        if forbund is None or intervention is None:
            continue
        with on(story_start(today)):
            services.install_examples(users.get(username=admin), forbund)
        if Response.objects.filter(intervention=intervention).exists():
            continue
        _answer_round(users.get(username=staff), forbund, intervention, violence, today)


def _questionnaire(forbund, suffix) -> Questionnaire:
    return Questionnaire.objects.get(forbund=forbund, name__endswith=suffix)


def recent_tertials(today: date, count: int = 3) -> list[Period]:
    """The tertial of `today` and the `count - 1` before it, oldest first."""
    tertials = [Period.containing(today, PeriodKind.TERTIAL)]
    while len(tertials) < count:
        tertials.insert(
            0, Period.containing(tertials[0].start - timedelta(days=1), PeriodKind.TERTIAL)
        )
    return tertials


def yearly_round_start(today: date) -> date:
    """The start of the latest yearly round (mid-September) that has begun."""
    this_year = date(today.year, 9, 15)
    return this_year if this_year <= today else this_year.replace(year=today.year - 1)


def _answer_round(staff, forbund, intervention, violence, today) -> None:
    chance = random.Random(intervention.pk)
    forms = [("vid avslut", Occasion.END, 8, 6)]
    if violence:
        forms.append(("nära relationer", Occasion.ROUND, 6, 5))
    for tertial in recent_tertials(today):
        for suffix, occasion, issued, answered in forms:
            with on(tertial.start):
                _batch(
                    staff,
                    _questionnaire(forbund, suffix),
                    intervention,
                    occasion,
                    tertial.year,
                    tertial.number,
                    issued=issued,
                    answered=answered,
                    chance=chance,
                )
    round_start = yearly_round_start(today)
    with on(round_start):
        _batch(
            staff,
            _questionnaire(forbund, "pågående deltagare"),
            intervention,
            Occasion.YEARLY,
            round_start.year,
            3,
            issued=10,
            answered=7,
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

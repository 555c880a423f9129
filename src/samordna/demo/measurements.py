"""Demo progress measurement: SKAPA assessments for the demo enrolments in both demo förbund.

Finds the demo interventions by name and skips quietly when one is absent. Each enrolment is
assessed at start, about every three months and at its end (never after today), by the
participant and by staff, each on its own day; most participants move upwards. Idempotent: an
intervention with assessments is left alone.
"""

import random
from datetime import date

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model

from samordna.demo.clock import on, story_start
from samordna.interventions.models import Intervention
from samordna.measurements import services
from samordna.measurements.models import Assessment, AssessmentOccasion, Instrument, Respondent
from samordna.organisations.models import Forbund
from samordna.participants.choices import EndKind
from samordna.participants.models import Enrolment

# (förbund number, administrator, staff member, intervention name)
DEMO = [
    ("222000-1503", "chef", "medarbetare", "Samverkansteam Finnveden"),
    ("222000-1602", "insjo-chef", "insjo-medarbetare", "ACTivera"),
]


def build_measurements_demo(today: date) -> None:
    users = get_user_model().objects
    for number, admin, staff, name in DEMO:
        forbund = Forbund.objects.filter(organisation_number=number).first()
        intervention = Intervention.objects.filter(forbund=forbund, name=name).first()
        if forbund is None or intervention is None:
            continue
        with on(story_start(today)):
            services.install_instrument_examples(users.get(username=admin), forbund)
        skapa = Instrument.objects.get(forbund=forbund, name="SKAPA (BIP)")
        skapa.interventions.add(intervention)
        enrolments = Enrolment.objects.unrestricted().filter(intervention=intervention)
        if Assessment.objects.unrestricted().filter(enrolment__in=enrolments).exists():
            continue
        for enrolment in enrolments.exclude(end_kind=EndKind.MISTAKE).filter(start__lte=today):
            _assess(users.get(username=staff), enrolment, skapa, today)


def _dates(enrolment, interval, today) -> list[tuple[date, str]]:
    """At the start, every `interval` months while the enrolment lasts and the person's data may
    be processed (until consent is withdrawn), and at the end."""
    stopped = enrolment.participant.processing_ended_on
    last = min(enrolment.end_date or today, stopped or today, today)
    dates: list[tuple[date, str]] = [(enrolment.start, AssessmentOccasion.START)]
    following = enrolment.start + relativedelta(months=interval)
    while following < last:
        dates.append((following, AssessmentOccasion.FOLLOW_UP))
        following += relativedelta(months=interval)
    if enrolment.end_date and enrolment.end_date > enrolment.start:
        dates.append((enrolment.end_date, AssessmentOccasion.END))
    return dates


def _assess(staff, enrolment, instrument, today) -> None:
    version = instrument.latest_version()
    chance = random.Random(enrolment.pk)
    step = 0 if enrolment.end_kind == EndKind.INTERRUPTED else chance.choice([0, 1, 1, 1])
    for index, (day, occasion) in enumerate(_dates(enrolment, instrument.interval_months, today)):
        for respondent in (Respondent.PARTICIPANT, Respondent.STAFF):
            values = {
                item.pk: max(
                    version.scale_min,
                    min(version.scale_max, 2 + step * index + chance.choice([-1, 0, 0, 1])),
                )
                for item in version.items_for(respondent)
            }
            with on(day):
                services.record_assessment(
                    staff,
                    enrolment,
                    version,
                    respondent=respondent,
                    assessed_on=day,
                    occasion=occasion,
                    values=values,
                )

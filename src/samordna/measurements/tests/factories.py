"""Factories for instruments and assessments, with a minimal pseudonymous enrolment to hang them on."""

from datetime import date

import factory

from samordna.measurements.models import Instrument, InstrumentItem, InstrumentVersion, Respondent
from samordna.participants.choices import EducationLevel, Gender, Occupation, SupportDuration
from samordna.participants.models import Enrolment, Participant
from samordna.surveys.tests.factories import InterventionFactory


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    gender = Gender.WOMAN
    birth_year = 1990


class EnrolmentFactory(factory.django.DjangoModelFactory):
    """An enrolment; pass `intervention` (its förbund is used for the participant)."""

    class Meta:
        model = Enrolment

    intervention = factory.SubFactory(InterventionFactory)
    forbund = factory.SelfAttribute("intervention.forbund")
    participant = factory.SubFactory(ParticipantFactory, forbund=factory.SelfAttribute("..forbund"))
    start = date(2025, 1, 7)
    planned_end = date(2025, 12, 31)
    occupation_at_start = Occupation.NONE
    education_level = EducationLevel.UPPER_SECONDARY
    support_before_start = SupportDuration.TWO_TO_FIVE_YEARS


class InstrumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instrument

    name = factory.Sequence(lambda n: f"Instrument {n}")


class InstrumentVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InstrumentVersion

    instrument = factory.SubFactory(InstrumentFactory)
    forbund = factory.SelfAttribute("instrument.forbund")
    number = 1


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InstrumentItem

    version = factory.SubFactory(InstrumentVersionFactory)
    forbund = factory.SelfAttribute("version.forbund")
    position = factory.Sequence(lambda n: n + 1)
    respondent = Respondent.PARTICIPANT
    code = factory.Sequence(lambda n: f"omrade-{n}")
    area = factory.Sequence(lambda n: f"Område {n}")
    text = "Ett påstående."

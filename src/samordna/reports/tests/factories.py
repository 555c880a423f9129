"""Factories for report tests: pseudonymous participants, enrolments and referrals written
directly (no identities: reports never need one), so a hand-computed cohort is quick to build."""

from datetime import date

import factory

from samordna.interventions.tests.factories import InterventionFactory
from samordna.participants.choices import (
    EducationLevel,
    Gender,
    InitiatingParty,
    Occupation,
    SupportDuration,
)
from samordna.participants.models import Enrolment, Participant, Referral


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    gender = Gender.WOMAN
    birth_year = 1995
    municipality = factory.LazyAttribute(
        lambda p: p.forbund.municipalities.order_by("code").first()
    )


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    forbund = factory.SelfAttribute("intervention.forbund")
    participant = factory.SubFactory(ParticipantFactory, forbund=factory.SelfAttribute("..forbund"))
    start = date(2025, 2, 1)
    planned_end = factory.LazyAttribute(lambda e: date(e.start.year + 1, 1, 31))
    income_sources_at_start = factory.LazyFunction(lambda: ["sickness_benefit"])
    occupation_at_start = Occupation.NONE
    education_level = EducationLevel.UPPER_SECONDARY
    support_before_start = SupportDuration.ONE_TO_TWO_YEARS


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    forbund = factory.SelfAttribute("intervention.forbund")
    received_on = date(2025, 1, 15)
    initiating_party = InitiatingParty.FORSAKRINGSKASSAN
    gender = Gender.WOMAN


def intervention_in(tenant, **fields):
    return InterventionFactory(forbund=tenant.forbund, **fields)

"""Factories for goals."""

from decimal import Decimal

import factory

from samordna.goals.models import Goal, Metric
from samordna.surveys.tests.factories import InterventionFactory


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    intervention = factory.SubFactory(InterventionFactory)
    forbund = factory.SelfAttribute("intervention.forbund")
    name = factory.Sequence(lambda n: f"Mål {n}")
    metric = Metric.WORK_OR_STUDIES
    target_percent = Decimal("50")
    year = 2025

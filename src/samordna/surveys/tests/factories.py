"""Factories for questionnaires, links and answers."""

import factory

from samordna.core.permissions import Role
from samordna.interventions.models import Intervention
from samordna.interventions.tests.factories import TeamMemberFactory
from samordna.organisations.tests.factories import ForbundFactory
from samordna.surveys.models import (
    Channel,
    Occasion,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireVersion,
    RespondentGroup,
    Response,
    SurveyToken,
    TokenBatch,
)
from samordna.surveys.services import FREQUENCY_SCALE, _new_key


class InterventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intervention

    forbund = factory.SubFactory(ForbundFactory)
    name = factory.Sequence(lambda n: f"Insats {n}")


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Questionnaire

    forbund = factory.SubFactory(ForbundFactory)
    name = factory.Sequence(lambda n: f"Enkät {n}")
    respondent_group = RespondentGroup.PARTICIPANTS_END


class VersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionnaireVersion

    questionnaire = factory.SubFactory(QuestionnaireFactory)
    forbund = factory.SelfAttribute("questionnaire.forbund")
    number = 1
    scale = FREQUENCY_SCALE


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    version = factory.SubFactory(VersionFactory)
    forbund = factory.SelfAttribute("version.forbund")
    position = factory.Sequence(lambda n: n + 1)
    code = factory.Sequence(lambda n: f"fraga-{n}")
    text = factory.Sequence(lambda n: f"Fråga {n}")
    kind = QuestionKind.SCALE


class BatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TokenBatch

    version = factory.SubFactory(VersionFactory)
    forbund = factory.SelfAttribute("version.forbund")
    intervention = factory.SubFactory(
        InterventionFactory, forbund=factory.SelfAttribute("..forbund")
    )
    occasion = Occasion.END
    year = 2025
    tertial = 1


class TokenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyToken

    batch = factory.SubFactory(BatchFactory)
    forbund = factory.SelfAttribute("batch.forbund")
    key = factory.LazyFunction(_new_key)


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    version = factory.SubFactory(VersionFactory)
    forbund = factory.SelfAttribute("version.forbund")
    intervention = factory.SubFactory(
        InterventionFactory, forbund=factory.SelfAttribute("..forbund")
    )
    occasion = Occasion.END
    year = 2025
    tertial = 1
    channel = Channel.WEB


def staffed(tenant, intervention):
    """The intervention, with the tenant's intervention staff working in it."""
    TeamMemberFactory(
        intervention=intervention, membership=tenant.users[Role.STAFF].memberships.get()
    )
    return intervention

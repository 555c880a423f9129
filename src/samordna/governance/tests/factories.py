"""Factories for the förbund's bodies, their members, meetings and items."""

from datetime import date

import factory

from samordna.governance.models import (
    AgendaItem,
    Body,
    BodyKind,
    BodyMember,
    ItemKind,
    Meeting,
    MemberRole,
)
from samordna.organisations.tests.factories import ForbundFactory


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    forbund = factory.SubFactory(ForbundFactory)
    kind = BodyKind.BOARD
    name = factory.Sequence(lambda n: f"Styrelsen {n}")


class BodyMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BodyMember

    body = factory.SubFactory(BodyFactory)
    forbund = factory.SelfAttribute("body.forbund")
    name = factory.Sequence(lambda n: f"Ledamot {n}")
    role = MemberRole.MEMBER
    from_date = date(2023, 1, 1)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    forbund = factory.SelfAttribute("body.forbund")
    date = date(2021, 6, 21)
    place = "Förbundets kansli"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    forbund = factory.SelfAttribute("meeting.forbund")
    paragraph = factory.Sequence(lambda n: str(n + 1))
    title = "Information från förbundschefen"
    kind = ItemKind.INFORMATION

"""Factories for interventions and their parties."""

from datetime import date

import factory

from samordna.interventions.models import (
    Intervention,
    InterventionParty,
    PartyRole,
    StaffingLine,
    TeamMember,
)


class InterventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intervention

    name = factory.Sequence(lambda n: f"Insats {n}")
    purpose = "Att fler närmar sig arbete."
    planned_start = date(2021, 10, 1)
    planned_end = date(2022, 12, 31)


class InterventionPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterventionParty

    intervention = factory.SubFactory(InterventionFactory)
    forbund = factory.SelfAttribute("intervention.forbund")
    role = PartyRole.PARTNER
    contact_name = "Kontakt Person"
    contact_email = "kontakt@example.org"


class StaffingLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffingLine

    forbund = factory.SelfAttribute("intervention.forbund")
    year = 2021


class TeamMemberFactory(factory.django.DjangoModelFactory):
    """A staff membership on an intervention's team from today."""

    class Meta:
        model = TeamMember

    forbund = factory.SelfAttribute("intervention.forbund")
    joined = factory.LazyFunction(date.today)


def intervention_of(tenant, **fields) -> Intervention:
    """An intervention of the tenant's kommun (owner) and Försäkringskassan (partner)."""
    intervention = InterventionFactory(forbund=tenant.forbund, **fields)
    InterventionPartyFactory(
        intervention=intervention, organisation=tenant.kommun, role=PartyRole.OWNER
    )
    InterventionPartyFactory(intervention=intervention, organisation=tenant.forsakringskassan)
    return intervention

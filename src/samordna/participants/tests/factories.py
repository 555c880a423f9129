"""Factories and helpers for the participant register's tests: fictitious people only."""

from datetime import date

from dateutil.relativedelta import relativedelta

from samordna.core.permissions import Role
from samordna.demo.participants import fictitious_personal_number
from samordna.interventions.models import DurationUnit, FollowUpMethod, Intervention
from samordna.interventions.tests.factories import TeamMemberFactory
from samordna.participants import services, vault
from samordna.participants.choices import (
    DeviationKind,
    EducationLevel,
    Gender,
    InitiatingParty,
    Occupation,
    SupportDuration,
)
from samordna.participants.eligibility import Facts
from samordna.participants.models import CountRegistration, Deviation, Referral


def intervention_for(tenant, **fields) -> Intervention:
    """An individual intervention of the tenant, staffed by the tenant's staff member."""
    defaults = {
        "name": "Samverkansteam Test",
        "max_enrolment_amount": 12,
        "max_enrolment_unit": DurationUnit.MONTHS,
        "exclusions": ["full_sickness_compensation"],
    }
    intervention = Intervention.objects.create(forbund=tenant.forbund, **(defaults | fields))
    staff = tenant.users[Role.STAFF].memberships.get(forbund=tenant.forbund, role=Role.STAFF)
    TeamMemberFactory(intervention=intervention, membership=staff)
    return intervention


def count_only_intervention(tenant) -> Intervention:
    """A count-only intervention with the tenant's staff member on its team."""
    intervention = Intervention.objects.create(
        forbund=tenant.forbund, name="LOKUS", follow_up_method=FollowUpMethod.COUNT_ONLY
    )
    TeamMemberFactory(intervention=intervention, membership=staff_of(tenant).memberships.get())
    return intervention


def staff_of(tenant):
    return tenant.users[Role.STAFF]


def registered_participant(tenant, n: int = 1, name: str = "Testa Påhittadsson", **fields):
    return services.register_participant(
        staff_of(tenant),
        tenant.forbund,
        gender=fields.pop("gender", Gender.WOMAN),
        identity=vault.PersonIdentity(
            vault.normalise_personal_number(fictitious_personal_number(n)), name
        ),
        municipality=fields.pop("municipality", tenant.forbund.municipalities.first()),
        consent_given_on=fields.pop("consent_given_on", date(2025, 1, 10)),
        **fields,
    )


def anonymous_participant(tenant):
    return services.register_participant(
        staff_of(tenant), tenant.forbund, gender=Gender.MAN, start_year=2025
    )


START_VARIABLES = {
    "income_sources_at_start": ["sickness_benefit", "social_assistance"],
    "occupation_at_start": Occupation.NONE,
    "education_level": EducationLevel.UPPER_SECONDARY,
    "support_before_start": SupportDuration.ONE_TO_TWO_YEARS,
}


def eligible_facts(participant, **changes) -> Facts:
    values = {
        "birth_year": participant.birth_year or 1990,
        "municipality_id": participant.municipality_id
        or participant.forbund.municipalities.first().pk,
        "exclusions_present": frozenset(),
        "authorities_needed": 2,
    }
    return Facts(**(values | changes))


def enrolled(tenant, intervention, participant=None, start=date(2025, 2, 1), **fields):
    participant = participant or registered_participant(tenant)
    check = services.check_eligibility(
        staff_of(tenant),
        participant,
        intervention,
        planned_start=start,
        facts=eligible_facts(participant),
    )
    return services.enrol(
        staff_of(tenant),
        participant,
        intervention,
        eligibility=check,
        start=start,
        planned_end=fields.pop("planned_end", start + relativedelta(months=3)),
        responsible=None,
        **(START_VARIABLES | fields),
    )


def referral_for(tenant, intervention) -> Referral:
    return services.register_referral(
        tenant.users[Role.REFERRER],
        tenant.forbund,
        intervention=intervention,
        received_on=date(2025, 1, 5),
        initiating_party=InitiatingParty.FORSAKRINGSKASSAN,
        sip_held=True,
        gender=Gender.WOMAN,
        birth_year=1990,
        municipality=tenant.forbund.municipalities.first(),
    )


def deviation_for(tenant) -> Deviation:
    return services.report_deviation(
        tenant.users[Role.ADMIN],
        tenant.forbund,
        parties=[tenant.kommun, tenant.forsakringskassan],
        reported_on=date(2025, 3, 1),
        kind=DeviationKind.INFORMATION,
        description="Beslut nådde inte kommunen i tid.",
    )


def count_for(tenant) -> CountRegistration:
    return services.register_count(
        tenant.users[Role.ADMIN],
        count_only_intervention(tenant),
        period_start=date(2025, 1, 1),
        period_end=date(2025, 4, 30),
        gender=Gender.WOMAN,
        count=7,
    )

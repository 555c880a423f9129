"""A small hand-computed cohort in one förbund, used by the report tests. Every expected figure
in the tests is counted by hand from the comments here."""

from dataclasses import dataclass
from datetime import date

from samordna.interventions.models import Intervention
from samordna.participants.choices import (
    EndKind,
    EndReason,
    Gender,
    InitiatingParty,
    Occupation,
)
from samordna.reports.tests.factories import (
    EnrolmentFactory,
    ParticipantFactory,
    ReferralFactory,
    intervention_in,
)


@dataclass
class Cohort:
    team: Intervention
    lokus: Intervention


def build_cohort(tenant) -> Cohort:
    """Six enrolments and five referrals; the report period is the year 2025.

    1 woman, born 2000, Samverkansteam, started 2025-02-01, ongoing, referred by FK.
    2 man, born 1980, Samverkansteam, 2025-03-01 to 2025-06-30, part-time work -> full time,
      sickness benefit -> salary, completed, reason work (119 days: 3-6 months).
    3 woman, anonymous, Samverkansteam, 2024-10-01 to 2025-02-15, interrupted, own wish.
    4 woman, Samverkansteam, started 2025-05-01, registered by mistake: never counted.
    5 man, Samverkansteam, starts 2026-01-10: outside the period.
    6 woman, born 1990, Aktivera, 2025-09-01 to 2025-12-31, job-seeking -> studies,
      completed, reason studies (121 days: 3-6 months).
    """
    forbund = tenant.forbund
    team = intervention_in(tenant, name="Samverkansteam")
    lokus = intervention_in(tenant, name="Aktivera")
    first, second = forbund.municipalities.order_by("code")[:2]
    fk = ReferralFactory(intervention=team, initiating_party=InitiatingParty.FORSAKRINGSKASSAN)
    EnrolmentFactory(
        intervention=team,
        participant=ParticipantFactory(forbund=forbund, birth_year=2000, municipality=first),
        referral=fk,
        start=date(2025, 2, 1),
    )
    EnrolmentFactory(
        intervention=team,
        participant=ParticipantFactory(
            forbund=forbund, gender=Gender.MAN, birth_year=1980, municipality=second
        ),
        start=date(2025, 3, 1),
        occupation_at_start=Occupation.WORK_PART_TIME,
        end_date=date(2025, 6, 28),
        end_kind=EndKind.COMPLETED,
        end_reason=EndReason.WORK,
        occupation_at_end=Occupation.WORK_FULL_TIME,
        income_sources_at_end=["salary"],
    )
    EnrolmentFactory(
        intervention=team,
        participant=ParticipantFactory(
            forbund=forbund, anonymous=True, birth_year=None, municipality=None, start_year=2024
        ),
        start=date(2024, 10, 1),
        end_date=date(2025, 2, 15),
        end_kind=EndKind.INTERRUPTED,
        end_reason=EndReason.OWN_WISH,
        occupation_at_end=Occupation.NONE,
        income_sources_at_end=["sickness_benefit", "social_assistance"],
    )
    EnrolmentFactory(
        intervention=team,
        start=date(2025, 5, 1),
        end_date=date(2025, 5, 2),
        end_kind=EndKind.MISTAKE,
    )
    EnrolmentFactory(
        intervention=team,
        participant=ParticipantFactory(forbund=forbund, gender=Gender.MAN),
        start=date(2026, 1, 10),
    )
    EnrolmentFactory(
        intervention=lokus,
        participant=ParticipantFactory(forbund=forbund, birth_year=1990, municipality=first),
        start=date(2025, 9, 1),
        occupation_at_start=Occupation.JOB_SEEKING,
        end_date=date(2025, 12, 31),
        end_kind=EndKind.COMPLETED,
        end_reason=EndReason.STUDIES,
        occupation_at_end=Occupation.STUDIES,
        income_sources_at_end=["student_finance"],
    )
    # Referrals: January FK woman (above), January AF man, March kommun woman x2, 2024 (outside).
    ReferralFactory(
        intervention=team, initiating_party=InitiatingParty.ARBETSFORMEDLINGEN, gender=Gender.MAN
    )
    for day in (3, 20):
        ReferralFactory(
            intervention=lokus,
            received_on=date(2025, 3, day),
            initiating_party=InitiatingParty.MUNICIPALITY,
        )
    ReferralFactory(intervention=team, received_on=date(2024, 12, 30))
    return Cohort(team=team, lokus=lokus)

"""Generate a national-scale pseudonymous dataset quickly (bulk_create) for the report benchmark.

bench/run.py calls it (after Django is set up): `--scale national` means 80 förbund and
1 000 000 enrolments; the default is small enough for CI. Fictitious data only: no identities,
just pseudonymous participants, referrals and enrolments.
"""

import random
from datetime import date, timedelta

from django.db import transaction

from samordna.accounts.models import Membership, User
from samordna.core.permissions import Role
from samordna.interventions.models import Intervention
from samordna.organisations.models import Forbund, Municipality
from samordna.organisations.tests.factories import organisation_number
from samordna.participants.choices import (
    EducationLevel,
    EndKind,
    EndReason,
    Gender,
    IncomeSource,
    InitiatingParty,
    Occupation,
    SupportDuration,
)
from samordna.participants.models import Enrolment, Participant, Referral

BATCH = 5_000
INTERVENTIONS_PER_FORBUND = 6
FIRST_DAY = date(2022, 1, 1)
DAYS = 4 * 365


def _forbund(n: int, municipalities: list) -> tuple[Forbund, list[Intervention], User]:
    forbund = Forbund.objects.create(
        name=f"Benchförbund {n}", organisation_number=organisation_number(900_000 + n)
    )
    covered = municipalities[(n * 4) % len(municipalities) :][:4] or municipalities[:4]
    forbund.municipalities.set(covered)
    interventions = Intervention.objects.bulk_create(
        Intervention(forbund=forbund, name=f"Insats {n}-{i}", budgeted_participants=80)
        for i in range(INTERVENTIONS_PER_FORBUND)
    )
    user = User.objects.create(username=f"bench-admin-{n}")
    Membership.objects.create(user=user, forbund=forbund, role=Role.ADMIN)
    return forbund, interventions, user


def _enrolment(rng, forbund, participant, intervention) -> Enrolment:
    start = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    ended = rng.random() < 0.7
    end = start + timedelta(days=rng.randrange(20, 500)) if ended else None
    return Enrolment(
        forbund=forbund,
        participant=participant,
        intervention=intervention,
        start=start,
        planned_end=start + timedelta(days=365),
        income_sources_at_start=rng.sample(list(IncomeSource.values), rng.randint(1, 2)),
        occupation_at_start=rng.choice(Occupation.values),
        education_level=rng.choice(EducationLevel.values),
        support_before_start=rng.choice(SupportDuration.values),
        end_date=end,
        end_kind=rng.choice(EndKind.values) if ended else "",
        end_reason=rng.choice(EndReason.values) if ended else "",
        occupation_at_end=rng.choice(Occupation.values) if ended else "",
        income_sources_at_end=rng.sample(list(IncomeSource.values), rng.randint(1, 2))
        if ended
        else [],
    )


def _fill(rng, forbund, interventions, count: int) -> None:
    municipalities = list(forbund.municipalities.all())
    for offset in range(0, count, BATCH):
        size = min(BATCH, count - offset)
        with transaction.atomic():
            participants = Participant.objects.bulk_create(
                Participant(
                    forbund=forbund,
                    gender=rng.choice(Gender.values),
                    birth_year=rng.randint(1960, 2008),
                    municipality=rng.choice(municipalities),
                )
                for _ in range(size)
            )
            Enrolment.objects.bulk_create(
                _enrolment(rng, forbund, p, rng.choice(interventions)) for p in participants
            )
            Referral.objects.bulk_create(
                Referral(
                    forbund=forbund,
                    intervention=rng.choice(interventions),
                    received_on=FIRST_DAY + timedelta(days=rng.randrange(DAYS)),
                    initiating_party=rng.choice(InitiatingParty.values),
                    gender=p.gender,
                    participant=p,
                )
                for p in participants
            )


def generate(forbund_count: int, enrolments: int, seed: int = 2026) -> list[User]:
    """Create the dataset; returns one administrator per förbund, to run reports as."""
    rng = random.Random(seed)
    municipalities = list(Municipality.objects.order_by("code"))
    readers = []
    per_forbund = enrolments // forbund_count
    for n in range(forbund_count):
        forbund, interventions, user = _forbund(n, municipalities)
        _fill(rng, forbund, interventions, per_forbund)
        readers.append(user)
    return readers

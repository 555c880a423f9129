"""The benchmark's generated world: whole, valid, interleaved, and the same for the same seed."""

from datetime import date
from itertools import pairwise

import pytest
from django.db import transaction
from django.db.models import F

from samordna.accounts.models import User
from samordna.goals.models import FollowUp, Goal
from samordna.measurements.models import Assessment, Score
from samordna.operations.generator import ASSESSMENTS, generate, person_code
from samordna.participants.choices import ReferralOutcome
from samordna.participants.models import Enrolment, Participant, Referral
from samordna.reports.catalogue import REPORTS
from samordna.reports.scope import ReportPeriod, ReportScope
from samordna.reports.services import resolve_part
from samordna.surveys.models import Answer, Response

TODAY = date(2026, 6, 15)


def _world(seed=7):
    return generate(2, 400, seed=seed, today=TODAY, progress=lambda line: None)


def _fingerprint() -> list[tuple]:
    return list(
        Enrolment.objects.unrestricted()
        .order_by("pk")
        .values_list("forbund__name", "intervention__name", "start", "end_date", "record_key")
    )


@pytest.mark.django_db
def test_every_enrolment_comes_with_its_referral_participant_and_assessments():
    _world()
    enrolments = Enrolment.objects.unrestricted()
    assert enrolments.count() == 400
    assert Participant.objects.unrestricted().count() == 400
    assert not enrolments.exclude(referral__participant=F("participant")).exists()
    enrolled = Referral.objects.unrestricted().filter(outcome=ReferralOutcome.ENROLLED)
    assert enrolled.count() == 400
    assert Assessment.objects.unrestricted().count() == 400 * ASSESSMENTS
    assert Score.objects.unrestricted().count() > 400 * ASSESSMENTS
    assert Response.objects.exists() and Answer.objects.exists()
    assert FollowUp.objects.unrestricted().exists() and Goal.objects.exists()
    assert not enrolments.filter(start__gt=TODAY).exists()
    assert not enrolments.filter(end_date__gt=TODAY).exists()


@pytest.mark.django_db
def test_generated_rows_pass_the_models_own_validation():
    _world()
    for queryset in (
        Participant.objects.unrestricted(),
        Referral.objects.unrestricted(),
        Enrolment.objects.unrestricted(),
        Assessment.objects.unrestricted(),
        FollowUp.objects.unrestricted(),
        Response.objects.all(),
    ):
        for row in queryset.order_by("pk")[:25]:
            row.full_clean(validate_unique=False, validate_constraints=False)


@pytest.mark.django_db
def test_rows_of_the_forbund_lie_interleaved_as_real_use_writes_them():
    _world()
    owners = list(Enrolment.objects.unrestricted().order_by("pk").values_list("forbund", flat=True))
    switches = sum(1 for before, after in pairwise(owners) if before != after)
    assert switches > 40


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_world():
    with transaction.atomic():
        _world()
        first = _fingerprint()
        transaction.set_rollback(True)
    _world()
    assert _fingerprint() == first


@pytest.mark.django_db
def test_every_report_builds_for_a_generated_forbund():
    admin = _world()[0]
    forbund = User.objects.get(pk=admin.pk).memberships.get().forbund
    for definition in REPORTS.values():
        period = ReportPeriod(TODAY.year, resolve_part(definition.default_part, forbund))
        assert definition.build(ReportScope(admin, forbund, period))


def test_person_codes_never_repeat():
    codes = {person_code(pk) for pk in range(1, 200_000)}
    assert len(codes) == 199_999

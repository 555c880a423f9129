"""Gallring: identities are erased when due, the command is safe to repeat, statistics stay."""

from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from samordna.core.models import AuditEvent
from samordna.core.permissions import Role
from samordna.participants import services
from samordna.participants.choices import EndKind
from samordna.participants.models import Enrolment, Identity, Participant
from samordna.participants.tests.factories import (
    enrolled,
    intervention_for,
    registered_participant,
    staff_of,
)


def _end(tenant, enrolment, day):
    services.end_enrolment(
        staff_of(tenant),
        enrolment,
        end_date=day,
        end_kind=EndKind.COMPLETED,
        income_sources_at_end=["salary"],
        occupation_at_end="work_full_time",
        education_level_at_end="upper_secondary",
    )


def _statistics():
    enrolments = Enrolment.objects.unrestricted().in_statistics()
    return {
        "by_gender_and_end": list(
            enrolments.values("participant__gender", "end_kind", "occupation_at_end")
            .annotate(n=Count("pk"))
            .order_by("participant__gender", "end_kind", "occupation_at_end")
        ),
        "by_start_variables": list(
            enrolments.values("occupation_at_start", "education_level", "support_before_start")
            .annotate(n=Count("pk"))
            .order_by("occupation_at_start", "education_level", "support_before_start")
        ),
        "participants": Participant.objects.unrestricted().count(),
    }


@pytest.fixture
def register(tenant):
    services.save_register_settings(
        tenant.users[Role.ADMIN],
        tenant.forbund,
        identity_retention_months=24,
        consent_form_version="1",
    )
    intervention = intervention_for(tenant)
    due = enrolled(tenant, intervention, registered_participant(tenant, n=1), date(2022, 2, 1))
    _end(tenant, due, date(2023, 1, 31))
    recent = enrolled(tenant, intervention, registered_participant(tenant, n=2), date(2024, 2, 1))
    _end(tenant, recent, date(2024, 6, 30))
    ongoing = enrolled(tenant, intervention, registered_participant(tenant, n=3), date(2022, 2, 1))
    never = registered_participant(tenant, n=4)
    Participant.objects.unrestricted().filter(pk=never.pk).update(
        created_at=datetime(2022, 1, 1, tzinfo=UTC)
    )
    return {
        "due": due.participant,
        "recent": recent.participant,
        "ongoing": ongoing.participant,
        "never_enrolled": never,
    }


def _has_identity(participant):
    return Identity.objects.unrestricted().filter(participant=participant).exists()


def test_gallra_erases_due_identities_and_leaves_every_statistic_unchanged(register):
    before = _statistics()
    out = StringIO()
    call_command("gallra", "--date", "2025-02-01", stdout=out)
    assert not _has_identity(register["due"])
    assert not _has_identity(register["never_enrolled"])
    assert _has_identity(register["recent"])
    assert _has_identity(register["ongoing"])
    assert _statistics() == before
    assert AuditEvent.objects.filter(
        action="identity.erase_due", person_code=register["due"].code
    ).exists()


def test_gallra_is_safe_to_run_daily(register):
    call_command("gallra", "--date", "2025-02-01", stdout=StringIO())
    events = AuditEvent.objects.filter(action="identity.erase_due").count()
    call_command("gallra", "--date", "2025-02-01", stdout=StringIO())
    call_command("gallra", "--date", "2025-02-02", stdout=StringIO())
    assert AuditEvent.objects.filter(action="identity.erase_due").count() == events


def test_nothing_is_due_before_the_retention_time_has_passed(register):
    call_command("gallra", "--date", "2025-01-30", stdout=StringIO())
    assert _has_identity(register["due"])

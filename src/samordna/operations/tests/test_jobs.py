"""Scheduled jobs: each due run is queued once, the worker runs them, reminders go out once."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from samordna.core.permissions import Role
from samordna.interventions.tests.factories import TeamMemberFactory
from samordna.measurements import services as measurements
from samordna.measurements.models import Instrument
from samordna.measurements.tests.factories import EnrolmentFactory
from samordna.operations.schedule import enqueue_due
from samordna.operations.tasks import refresh_planner_statistics, send_reminders
from samordna.participants import services
from samordna.participants.choices import EndKind
from samordna.participants.models import Identity
from samordna.participants.tests.factories import enrolled, intervention_for, staff_of
from samordna.surveys.tests.factories import InterventionFactory

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=STOCKHOLM)


def queued() -> list[tuple[str, str]]:
    rows = DBTaskResult.objects.ready().order_by("enqueued_at")
    return [(row.task_path.rsplit(".", 1)[1], row.args_kwargs["args"][0]) for row in rows]


def test_each_due_run_is_queued_once_for_the_day_it_fell_due(db):
    every_job = ["retention", "prune", "planner_statistics", "national_statistics", "reminders"]
    assert enqueue_due(at(3, 10, 7)) == every_job
    assert enqueue_due(at(3, 10, 7, 10)) == []
    assert enqueue_due(at(3, 11, 2, 40)) == ["retention"]
    assert enqueue_due(at(3, 11, 7)) == every_job[1:]
    assert queued() == [
        ("erase_due_identities", "2025-03-10"),
        ("prune_old_results", "2025-03-10"),
        ("refresh_planner_statistics", "2025-03-10"),
        ("count_national_statistics", "2025-03-10"),
        ("send_reminders", "2025-03-10"),
        ("erase_due_identities", "2025-03-11"),
        ("prune_old_results", "2025-03-11"),
        ("refresh_planner_statistics", "2025-03-11"),
        ("count_national_statistics", "2025-03-11"),
        ("send_reminders", "2025-03-11"),
    ]


def test_a_server_that_was_down_for_days_catches_up_once(db):
    enqueue_due(at(3, 10, 7))
    assert enqueue_due(at(3, 14, 12)) == [
        "retention",
        "prune",
        "planner_statistics",
        "national_statistics",
        "reminders",
    ]
    assert [day for _task, day in queued()][-5:] == ["2025-03-14"] * 5


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's autovacuum analyses")
def test_the_nightly_job_gathers_sqlites_statistics_for_the_planner(db):
    EnrolmentFactory()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM sqlite_stat1")
        assert refresh_planner_statistics.call("2025-03-10") == {"refreshed": True}
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'participants_enrolment'")
        assert cursor.fetchone()[0] > 0


@pytest.fixture
def tenant(tenant):
    """The shared tenant, with an e-mail address for every user."""
    for role, user in tenant.users.items():
        user.email = f"{role}@forbund.example"
        user.save(update_fields=["email"])
    return tenant


@pytest.fixture
def due_assessment(tenant):
    """An enrolment starting 12 March 2025 in an intervention measured with SKAPA."""
    measurements.install_instrument_examples(tenant.users[Role.ADMIN], tenant.forbund)
    skapa = Instrument.objects.get(forbund=tenant.forbund, name="SKAPA (BIP)")
    intervention = InterventionFactory(forbund=tenant.forbund, name="Samverkansteam")
    TeamMemberFactory(
        intervention=intervention, membership=tenant.users[Role.STAFF].memberships.get()
    )
    skapa.interventions.add(intervention)
    return EnrolmentFactory(intervention=intervention, start=date(2025, 3, 12))


def _to(mailoutbox, user) -> list:
    return [message for message in mailoutbox if user.email in message.to]


def test_staff_are_reminded_once_of_an_assessment_due_within_a_week(
    tenant, due_assessment, mailoutbox
):
    staff = tenant.users[Role.STAFF]
    send_reminders.call("2025-03-10")
    [message] = _to(mailoutbox, staff)
    assert "SKAPA (BIP)" in message.body
    assert "Samverkansteam" in message.body
    assert "2025-03-12" in message.body
    assert "/matningar/" in message.body
    assert due_assessment.participant.code not in message.body
    mailoutbox.clear()
    send_reminders.call("2025-03-11")
    assert _to(mailoutbox, staff) == []


def test_administrators_and_analysts_are_reminded_of_deadlines(tenant, mailoutbox):
    send_reminders.call("2025-03-20")
    readers = {tenant.users[Role.ADMIN].email, tenant.users[Role.ANALYST].email}
    assert {address for message in mailoutbox for address in message.to} == readers
    assert all("2025-03-31" in message.body for message in mailoutbox)  # the annual report
    assert all(message.subject.startswith("Samordna:") for message in mailoutbox)


def test_the_worker_runs_what_the_scheduler_queued(
    transactional_db, django_db_serialized_rollback, tenant, mailoutbox
):
    """Retention erases an identity due since long ago; the reminders reach the readers.

    The worker commits and closes connections as in production, so the test commits too.
    """
    services.save_register_settings(
        tenant.users[Role.ADMIN],
        tenant.forbund,
        identity_retention_months=1,
        consent_form_version="1",
    )
    enrolment = enrolled(tenant, intervention_for(tenant), start=date(2024, 1, 1))
    services.end_enrolment(
        staff_of(tenant),
        enrolment,
        end_date=date(2024, 6, 30),
        end_kind=EndKind.COMPLETED,
        income_sources_at_end=["salary"],
        occupation_at_end="work_full_time",
        education_level_at_end="upper_secondary",
    )
    participant = enrolment.participant
    enqueue_due(at(3, 20, 7))
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    assert DBTaskResult.objects.successful().count() == 5
    assert not Identity.objects.unrestricted().filter(participant=participant).exists()
    assert mailoutbox

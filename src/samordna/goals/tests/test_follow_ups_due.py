"""12-month follow-ups after the end: in the staff's work queue and mailed to the staff
responsible a fortnight before they fall due and once when overdue, never twice."""

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta

from samordna.core.permissions import Role
from samordna.core.queues import work_queue
from samordna.goals import services as goals
from samordna.goals.models import SelfSupport
from samordna.operations.tasks import send_reminders
from samordna.participants import services
from samordna.participants.choices import EndKind
from samordna.participants.tests.factories import (
    enrolled,
    intervention_for,
    registered_participant,
    staff_of,
)

ENDED = date(2025, 3, 20)  # the follow-up falls due 2026-03-20


def _end(tenant, enrolment, day=ENDED, kind=EndKind.COMPLETED):
    services.end_enrolment(
        staff_of(tenant),
        enrolment,
        end_date=day,
        end_kind=kind,
        income_sources_at_end=["salary"],
        occupation_at_end="work_full_time",
        education_level_at_end="upper_secondary",
    )
    enrolment.refresh_from_db()
    return enrolment


@pytest.fixture
def tenant(tenant):
    """The shared tenant, with an e-mail address for every user."""
    for role, user in tenant.users.items():
        user.email = f"{role}@forbund.example"
        user.save(update_fields=["email"])
    return tenant


@pytest.fixture
def ended(tenant):
    intervention = intervention_for(tenant, name="Samverkansteam")
    return _end(tenant, enrolled(tenant, intervention, start=date(2025, 2, 1)))


def _follow_ups(tenant, today):
    items = work_queue(staff_of(tenant), tenant.forbund, today)
    return next((item for item in items if item.title == "Uppföljningar efter avslut"), None)


def _mails_to(mailoutbox, user):
    return [message for message in mailoutbox if user.email in message.to]


def test_a_follow_up_enters_the_queue_two_weeks_before_it_falls_due(tenant, ended):
    assert _follow_ups(tenant, date(2026, 3, 5)) is None
    item = _follow_ups(tenant, date(2026, 3, 6))
    assert (item.count, item.overdue) == (1, 0)
    assert ended.participant.code in item.entries[0].label
    assert "2026-03-20" in item.entries[0].label
    assert item.entries[0].url == f"/mal/uppfoljning/{ended.pk}/"
    assert _follow_ups(tenant, date(2026, 3, 21)).overdue == 1


def test_a_recorded_follow_up_leaves_the_queue(tenant, ended):
    goals.record_follow_up(
        staff_of(tenant),
        ended,
        months_after=12,
        followed_up_on=date(2026, 3, 18),
        self_support=SelfSupport.PARTLY,
    )
    assert _follow_ups(tenant, date(2026, 3, 21)) is None


def test_a_follow_up_three_months_overdue_is_missed_and_leaves_the_queue(tenant, ended):
    assert _follow_ups(tenant, date(2026, 6, 18)).overdue == 1
    assert _follow_ups(tenant, date(2026, 6, 19)) is None


def test_no_follow_up_for_an_enrolment_registered_by_mistake(tenant):
    intervention = intervention_for(tenant)
    _end(tenant, enrolled(tenant, intervention, start=date(2025, 2, 1)), kind=EndKind.MISTAKE)
    assert _follow_ups(tenant, date(2026, 3, 21)) is None


def test_staff_are_mailed_before_it_falls_due_and_once_overdue_never_twice(
    tenant, ended, mailoutbox
):
    staff = staff_of(tenant)
    send_reminders.call("2026-03-10")
    [before] = _mails_to(mailoutbox, staff)
    assert "Samverkansteam" in before.body and "2026-03-20" in before.body
    assert f"/mal/uppfoljning/{ended.pk}/" in before.body
    assert ended.participant.code not in before.body
    mailoutbox.clear()
    send_reminders.call("2026-03-11")
    assert _mails_to(mailoutbox, staff) == []
    send_reminders.call("2026-03-21")
    [overdue] = _mails_to(mailoutbox, staff)
    assert "försenad" in overdue.body
    mailoutbox.clear()
    send_reminders.call("2026-03-22")
    assert _mails_to(mailoutbox, staff) == []


def test_only_the_responsible_staff_member_is_mailed(tenant, mailoutbox):
    intervention = intervention_for(tenant)
    other = registered_participant(tenant, 2)
    colleague = tenant.users[Role.ADMIN].memberships.get()  # not staff: never mailed
    enrolment = enrolled(tenant, intervention, other, start=date(2025, 2, 1))
    enrolment.responsible = colleague
    enrolment.save(update_fields=["responsible"])
    _end(tenant, enrolment)
    send_reminders.call("2026-03-10")
    assert _mails_to(mailoutbox, staff_of(tenant)) == []


def test_the_page_lists_the_follow_ups_due_and_the_start_page_links_to_it(tenant):
    soon = date.today() - relativedelta(months=12) + timedelta(days=7)
    intervention = intervention_for(tenant, name="Samverkansteam")
    two_months_before = soon - timedelta(days=60)
    # The factory's default planned end is three months on, within the year: start by September.
    start = two_months_before.replace(day=1, month=min(two_months_before.month, 9))
    started = enrolled(tenant, intervention, start=start, planned_end=soon)
    enrolment = _end(tenant, started, soon)
    client = tenant.client(Role.STAFF)
    page = client.get("/mal/uppfoljningar/").content.decode()
    assert enrolment.participant.code in page
    assert (soon + relativedelta(months=12)).isoformat() in page
    assert "/mal/uppfoljningar/" in client.get("/").content.decode()


def test_the_page_says_when_nothing_is_due(tenant):
    page = tenant.client(Role.STAFF).get("/mal/uppfoljningar/").content.decode()
    assert "Inga uppföljningar" in page

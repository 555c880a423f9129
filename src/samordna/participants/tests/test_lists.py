"""The register's lists narrow by situation and outcome (the start page's work queue links to
them), on top of what the user may see."""

import json
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from ninja.responses import NinjaJSONEncoder

from samordna.core.api import page_of
from samordna.core.models import AuditEvent
from samordna.core.permissions import Role
from samordna.participants import filters, queries, services
from samordna.participants.api import EnrolmentOut, ParticipantOut, ReferralOut
from samordna.participants.choices import ReferralOutcome
from samordna.participants.models import Enrolment, Participant, Referral
from samordna.participants.tests.factories import (
    enrolled,
    intervention_for,
    referral_for,
    registered_participant,
    staff_of,
)


def _codes(page: str, *enrolments) -> list[bool]:
    return [enrolment.participant.code in page for enrolment in enrolments]


def test_the_enrolment_list_shows_those_past_their_planned_end(tenant, monkeypatch):
    monkeypatch.setattr(filters.timezone, "localdate", lambda: date(2025, 6, 1))
    intervention = intervention_for(tenant)
    late = enrolled(tenant, intervention, planned_end=date(2025, 3, 1))
    on_time = enrolled(
        tenant, intervention, registered_participant(tenant, n=2), planned_end=date(2026, 1, 31)
    )
    client = tenant.client(Role.STAFF)
    assert _codes(
        client.get("/deltagare/", {"lage": "forsenad"}).content.decode(), late, on_time
    ) == [
        True,
        False,
    ]
    assert _codes(client.get("/deltagare/").content.decode(), late, on_time) == [True, True]


def _row_of(page: str, text: str) -> str:
    """The table row of a list page that holds `text`."""
    return next(row for row in re.findall(r"<tr>.*?</tr>", page, re.S) if text in row)


def test_the_enrolment_list_says_how_each_enrolment_stands(tenant, monkeypatch):
    """Ended (on which day, how), past the participation limit (a warning), in introduction, or
    ongoing; each person code links to the enrolment's page."""
    monkeypatch.setattr(filters.timezone, "localdate", lambda: date(2025, 6, 1))
    intervention = intervention_for(tenant)  # at most 12 months
    ongoing = enrolled(tenant, intervention)
    past = enrolled(tenant, intervention, registered_participant(tenant, n=2), date(2024, 1, 1))
    introduction = enrolled(tenant, intervention, registered_participant(tenant, n=3))
    Enrolment.objects.unrestricted().filter(pk=introduction.pk).update(
        introduction_ends_on=date(2025, 7, 1)
    )
    ended = enrolled(tenant, intervention, registered_participant(tenant, n=4))
    services.end_enrolment(staff_of(tenant), ended, end_date=date(2025, 5, 1), end_kind="completed")
    page = tenant.client(Role.STAFF).get("/deltagare/").content.decode()
    code = ongoing.participant.code
    assert _row_of(page, code) == (
        f'<tr><td><a href="/deltagare/inskrivningar/{ongoing.pk}/">{code}</a></td>'
        f"<td>{intervention.name}</td><td>2025-02-01</td><td>2025-05-01</td><td>Pågående</td></tr>"
    )
    assert '<strong class="tag tag--warning">Över gränsen</strong>' in _row_of(
        page, past.participant.code
    )
    assert "<td>I introduktion</td>" in _row_of(page, introduction.participant.code)
    assert "<td>Avslutad 2025-05-01 (Avslutad enligt plan)</td>" in _row_of(
        page, ended.participant.code
    )


def test_the_referral_list_says_who_initiated_each_and_its_outcome(tenant):
    intervention = intervention_for(tenant)
    referral = referral_for(tenant, intervention)
    services.decide_referral(
        staff_of(tenant), referral, outcome=ReferralOutcome.DECLINED, outcome_on=date(2025, 1, 9)
    )
    referral.refresh_from_db()
    page = tenant.client(Role.STAFF).get("/deltagare/remisser/").content.decode()
    row = _row_of(page, f"/deltagare/remisser/{referral.pk}/")
    assert row == (
        f'<tr><td><a href="/deltagare/remisser/{referral.pk}/">'
        f"{referral.received_on.isoformat()}</a></td><td>{intervention.name}</td>"
        f"<td>{referral.get_initiating_party_display()}</td><td>{referral.get_gender_display()}</td>"
        f"<td>{referral.get_outcome_display()} 2025-01-09</td></tr>"
    )


def test_the_referral_list_shows_those_waiting_for_a_decision(tenant):
    intervention = intervention_for(tenant)
    waiting, decided = referral_for(tenant, intervention), referral_for(tenant, intervention)
    services.decide_referral(
        staff_of(tenant), decided, outcome=ReferralOutcome.DECLINED, outcome_on=date(2025, 1, 9)
    )
    page = tenant.client(Role.STAFF).get("/deltagare/remisser/", {"utfall": "pending"})
    html = page.content.decode()
    assert f"/deltagare/remisser/{waiting.pk}/" in html
    assert f"/deltagare/remisser/{decided.pk}/" not in html
    assert "1 träff" in html


def test_registration_preselects_no_gender(tenant):
    page = tenant.client(Role.STAFF).get("/deltagare/registrera/").content.decode()
    assert '<option value="" selected>Välj …</option>' in page


def _queries_of(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", [Role.STAFF, Role.AUDITOR])
def test_the_lists_ask_the_database_as_often_however_many_rows_they_show(tenant, role):
    """No query per row: the lists, pages and API cost the same number of queries with one row
    as with five (the participant, intervention and person code come joined), an auditor's too,
    whose every row read is written to the audit log."""
    intervention = intervention_for(tenant)
    first = enrolled(tenant, intervention)
    referral_for(tenant, intervention)
    paths = [
        "/deltagare/",
        "/deltagare/remisser/",
        f"/deltagare/personer/{first.participant.pk}/",
        "/api/v1/enrolments",
        "/api/v1/participants",
        "/api/v1/referrals",
    ]
    client = tenant.client(role)
    client.get("/deltagare/")  # the session's first request records when it was last seen
    before = {path: _queries_of(client, path) for path in paths}
    for n in range(2, 6):
        enrolled(tenant, intervention, registered_participant(tenant, n=n))
        referral_for(tenant, intervention)
    assert {path: _queries_of(client, path) for path in paths} == before


def test_the_api_lists_answer_each_row_as_its_schema_says(tenant):
    """The paged lists read their rows in their schema's shape without validating each: the
    answer is what validating the rows through the schema gives, field for field."""
    intervention = intervention_for(tenant)
    ended = enrolled(tenant, intervention)
    services.end_enrolment(staff_of(tenant), ended, end_date=date(2025, 5, 1), end_kind="completed")
    enrolled(tenant, intervention, registered_participant(tenant, n=2))
    referral_for(tenant, intervention)
    api = tenant.api(Role.STAFF)
    for path, model, schema in [
        ("/api/v1/enrolments", Enrolment, EnrolmentOut),
        ("/api/v1/participants", Participant, ParticipantOut),
        ("/api/v1/referrals", Referral, ReferralOut),
    ]:
        rows = model.objects.unrestricted().order_by("pk")
        validated = page_of(schema).model_validate({"items": list(rows), "next": None})
        expected = json.loads(json.dumps(validated.model_dump(), cls=NinjaJSONEncoder))
        answer = api.get(path)
        assert answer["Content-Type"] == "application/json; charset=utf-8"
        assert answer.json() == expected, path


def test_an_auditor_reading_an_api_list_leaves_one_entry_per_row_shown(tenant):
    intervention = intervention_for(tenant)
    enrolment = enrolled(tenant, intervention)
    referral = referral_for(tenant, intervention)
    api = tenant.api(Role.AUDITOR)
    for path in ("/api/v1/enrolments", "/api/v1/referrals"):
        assert len(api.get(path).json()["items"]) == 1
    reads = AuditEvent.objects.filter(actor=tenant.users[Role.AUDITOR], action__endswith=".read")
    assert sorted(reads.values_list("action", "object_id", "person_code")) == [
        ("enrolment.read", str(enrolment.pk), enrolment.participant.code),
        ("referral.read", str(referral.pk), ""),  # not yet enrolled: no person code
    ]


# Every request's own reads before any view: the session, the user, the second factor, the
# memberships. A list's queries are the rest.
_BEFORE_THE_VIEW = re.compile(r"django_session|accounts_user|otp_\w+|accounts_membership")


def _own_queries_of(client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [q["sql"] for q in queries if not _BEFORE_THE_VIEW.fullmatch(_first_table(q["sql"]))]


def _first_table(sql: str) -> str:
    return re.search(r'(?:FROM|UPDATE|INTO) "(\w+)"', sql).group(1)


@pytest.mark.parametrize(
    ("role", "path", "asked"),
    [
        # the filter's interventions, the hits, the page, its interventions' names, the
        # overdue ones
        (Role.ADMIN, "/deltagare/", 5),
        # and the staff member's teams, read once
        (Role.STAFF, "/deltagare/", 6),
        # the hits, the page, the month's summary
        (Role.ADMIN, "/deltagare/remisser/", 3),
        (Role.STAFF, "/deltagare/remisser/", 3),
        # the years to filter by, the hits, the page with each owner's name
        (Role.ADMIN, "/insatser/", 3),
        # the page's rows, or their page and the staff member's teams
        (Role.ADMIN, "/api/v1/enrolments", 1),
        (Role.STAFF, "/api/v1/enrolments", 2),
        (Role.ADMIN, "/api/v1/participants", 1),
        (Role.ADMIN, "/api/v1/referrals", 1),
    ],
)
def test_each_list_asks_the_database_a_few_times(tenant, role, path, asked):
    """A list's own queries (beyond what every request reads) are counted, so one added by
    a change is a red test: the lists are the register's most asked-for pages."""
    intervention = intervention_for(tenant)
    enrolled(tenant, intervention)
    referral_for(tenant, intervention)
    client = tenant.client(role)
    client.get(path)  # the session's first request records when it was last seen
    assert len(_own_queries_of(client, path)) == asked, "\n".join(_own_queries_of(client, path))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan is read here")
def test_a_staff_members_referral_count_reads_an_index_alone(tenant):
    """The referral list counts a staff member's hits (their teams' referrals and their own)
    from one index, not from every referral row of the förbund (16 ms → 3 ms at 37 000)."""
    referrals = Referral.objects.visible_to(staff_of(tenant)).in_forbund(tenant.forbund)
    sql, params = referrals.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN SELECT COUNT(*) FROM ({sql})", params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "COVERING INDEX referral_forbund_intervention" in plan


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan is read here")
@pytest.mark.parametrize("filtered_to_one", [False, True])
def test_a_coachs_participant_list_is_read_in_start_order_not_sorted(tenant, filtered_to_one):
    """A staff member of two interventions (or the list filtered to one) reads the page's
    enrolments in start order, until the page is full: with the intervention's name joined,
    SQLite started from the interventions and sorted their every enrolment (13 ms at 8 000)."""
    first = intervention_for(tenant)
    intervention_for(tenant, name="Samverkansteam Andra")
    enrolled(tenant, first)
    path = f"/deltagare/?insats={first.pk}" if filtered_to_one else "/deltagare/"
    client = tenant.client(Role.STAFF)
    client.get(path)
    in_start_order = 'ORDER BY "participants_enrolment"."start" DESC'
    (page,) = [sql for sql in _own_queries_of(client, path) if in_start_order in sql]
    with connection.cursor() as cursor:
        _statistics_of_a_large_forbund(cursor)
        # A full page, as a large förbund's list asks (here the one enrolment's is LIMIT 1).
        cursor.execute("EXPLAIN QUERY PLAN " + re.sub(r"LIMIT \d+", "LIMIT 50", page))
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "TEMP B-TREE" not in plan, plan


def _statistics_of_a_large_forbund(cursor) -> None:
    """The planner's statistics as the benchmark's SQLite database gave them: 20 000 enrolments
    a förbund, 2 500 an intervention, eight interventions a förbund."""
    statistics = {
        "interventions_intervention": {"interventions_intervention_forbund_id_1140d320": "24 8"},
        "participants_enrolment": {
            "enrolment_forbund_end": "60000 20000 13 13 3",
            "enrolment_forbund_intervention": "60000 20000 2500 1",
            "enrolment_forbund_key": "60000 20000 1",
            "enrolment_forbund_start": "60000 20000 12 1",
            "enrolment_intervention_start": "60000 20000 2500 3 1",
            "participants_enrolment_forbund_id_9b74897f": "60000 20000",
            "participants_enrolment_intervention_id_2827b238": "60000 2500",
            "participants_enrolment_participant_id_1e60ef86": "60000 1",
        },
        "participants_participant": {"participant_forbund_key": "60000 20000 1"},
    }
    cursor.execute("ANALYZE sqlite_schema")  # creates the statistics' table if there is none
    for table, indexes in statistics.items():
        cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = %s", [table])
        for index, figures in indexes.items():
            cursor.execute("INSERT INTO sqlite_stat1 VALUES (%s, %s, %s)", [table, index, figures])
    cursor.execute("ANALYZE sqlite_schema")  # the planner reads them again


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan is read here")
def test_the_overdue_count_reads_an_index_alone(tenant):
    """The participant list's notice counts a staff member's enrolments past their limit from
    one index, not from the row of every ongoing enrolment (3–7 ms at 5 600 ongoing)."""
    intervention_for(tenant)  # the staff member's team
    overdue = queries.overdue_enrolments(staff_of(tenant), tenant.forbund, date(2026, 6, 1))
    sql, params = overdue.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN SELECT COUNT(*) FROM ({sql})", params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "COVERING INDEX enrolment_forbund_end" in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="only PostgreSQL has INCLUDE")
def test_the_referral_index_carries_what_the_reports_read_of_an_enrolments_referral(db):
    """The participant reports read each enrolment's referral within the förbund (its party and
    when it arrived) from the förbund's referral index alone, not from the referral's row: at
    national scale those rows lie scattered over the country's (one heap page per enrolment)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'referral_forbund_key'")
        (definition,) = cursor.fetchone()
    assert definition.endswith("(forbund_id, id) INCLUDE (initiating_party, received_on)")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="only PostgreSQL has INCLUDE")
def test_the_end_date_index_carries_what_the_goals_count_of_those_ended(db):
    """The goals count the enrolments ended in a year from the end-date index alone (the
    year's range of it), not from the förbund's every enrolment in the start index."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'enrolment_forbund_end'")
        (definition,) = cursor.fetchone()
    assert definition.endswith("INCLUDE (id, end_kind, record_key, occupation_at_end)"), definition


def test_the_sort_menu_speaks_swedish_both_ways(tenant):
    page = tenant.client(Role.STAFF).get("/deltagare/").content.decode()
    assert "Start (fallande)" in page
    assert "descending" not in page

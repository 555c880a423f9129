"""Reports from the party that runs an intervention: staff of the intervention write and submit,
the förbund accepts or returns, the board reads accepted ones only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samordna.core import permissions
from samordna.core.permissions import Role
from samordna.interventions.tests.factories import TeamMemberFactory, intervention_of
from samordna.reports import services
from samordna.reports.models import PartyReport

JSON = "application/json"


@pytest.fixture
def intervention(tenant):
    intervention = intervention_of(tenant, name="Samverkansteam")
    TeamMemberFactory(
        intervention=intervention, membership=tenant.users[Role.STAFF].memberships.get()
    )
    return intervention


def _period(intervention, **fields):
    return {
        "intervention": intervention.pk,
        "kind": "period",
        "year": 2026,
        "part": "t1",
        "situation": "Teamet är fullt bemannat.",
        "results": "Tolv deltagare har börjat.",
        "budget": "Kostnaderna följer budgeten.",
    } | fields


def test_staff_write_submit_and_the_förbund_returns_then_accepts(tenant, intervention):
    staff = tenant.api(Role.STAFF)
    created = staff.post("/api/v1/party-reports", _period(intervention), content_type=JSON)
    assert created.status_code == 201, created.content
    report_id = created.json()["id"]
    assert staff.post(f"/api/v1/party-reports/{report_id}/submit").json()["status"] == "submitted"

    admin = tenant.api(Role.ADMIN)
    bare = admin.post(
        f"/api/v1/party-reports/{report_id}/decision", {"accept": False}, content_type=JSON
    )
    assert bare.status_code == 422
    assert "vad rapporten saknar" in bare.json()["detail"][0]["msg"]
    returned = admin.post(
        f"/api/v1/party-reports/{report_id}/decision",
        {"accept": False, "comment": "Beskriv samverkan med Arbetsförmedlingen."},
        content_type=JSON,
    )
    assert returned.json()["status"] == "returned"
    # Returned, it can be completed and submitted again.
    page = tenant.client(Role.STAFF).post(
        f"/rapporter/insatsrapporter/{report_id}/andra/",
        {**_period(intervention), "results": "Tolv deltagare; samverkan med AF varje vecka."},
    )
    assert page.status_code == 302
    staff.post(f"/api/v1/party-reports/{report_id}/submit")
    accepted = tenant.client(Role.ANALYST).post(
        f"/rapporter/insatsrapporter/{report_id}/beslut/", {"decision": "accept"}
    )
    assert accepted.status_code == 302
    assert PartyReport.objects.get(pk=report_id).status == "accepted"


def test_the_board_reads_accepted_reports_only(tenant, intervention):
    staff = tenant.api(Role.STAFF)
    draft = staff.post("/api/v1/party-reports", _period(intervention), content_type=JSON).json()
    board = tenant.api(Role.BOARD)
    assert board.get("/api/v1/party-reports").json() == []
    assert board.get(f"/api/v1/party-reports/{draft['id']}").status_code == 404
    staff.post(f"/api/v1/party-reports/{draft['id']}/submit")
    tenant.api(Role.ADMIN).post(
        f"/api/v1/party-reports/{draft['id']}/decision", {"accept": True}, content_type=JSON
    )
    assert [r["id"] for r in board.get("/api/v1/party-reports").json()] == [draft["id"]]
    page = tenant.client(Role.BOARD).get(f"/rapporter/insatsrapporter/{draft['id']}/")
    html = page.content.decode()
    assert "Teamet är fullt bemannat." in html
    assert "Periodens siffror" in html


def test_staff_outside_the_intervention_cannot_write_for_it(tenant):
    elsewhere = intervention_of(tenant, name="Annan insats")
    response = tenant.api(Role.STAFF).post(
        "/api/v1/party-reports", _period(elsewhere), content_type=JSON
    )
    assert response.status_code in (403, 404)
    assert not PartyReport.objects.exists()


def test_a_change_report_needs_what_changes_and_from_when(tenant, intervention):
    client = tenant.client(Role.STAFF)
    refused = client.post(
        "/rapporter/insatsrapporter/ny/?typ=change",
        {"intervention": intervention.pk, "description": "En coach slutar."},
    )
    assert refused.status_code == 200
    assert "Detta fält måste fyllas i" in refused.content.decode()
    assert "En coach slutar." in refused.content.decode()  # what was typed is kept
    saved = client.post(
        "/rapporter/insatsrapporter/ny/?typ=change",
        {
            "intervention": intervention.pk,
            "change_kind": "staffing",
            "effective_on": "2026-09-01",
            "description": "En coach slutar; tjänsten tillsätts från oktober.",
        },
    )
    assert saved.status_code == 302
    report = PartyReport.objects.get()
    assert (report.kind, report.year, report.status) == ("change", 2026, "draft")


def test_a_submitted_report_cannot_be_changed_nor_an_empty_one_submitted(tenant, intervention):
    staff = tenant.api(Role.STAFF)
    empty = staff.post(
        "/api/v1/party-reports",
        _period(intervention, situation="", results="", budget=""),
        content_type=JSON,
    ).json()
    refused = staff.post(f"/api/v1/party-reports/{empty['id']}/submit")
    assert refused.status_code == 422
    assert "Skriv rapporten" in refused.json()["detail"][0]["msg"]
    page = tenant.client(Role.STAFF)
    full = staff.post("/api/v1/party-reports", _period(intervention), content_type=JSON).json()
    staff.post(f"/api/v1/party-reports/{full['id']}/submit")
    response = page.post(
        f"/rapporter/insatsrapporter/{full['id']}/andra/", _period(intervention, results="x")
    )
    assert "kan inte ändras" in response.content.decode()
    assert PartyReport.objects.get(pk=full["id"]).results == "Tolv deltagare har börjat."


def test_the_interventions_staff_may_write_for_are_found_in_a_fixed_number_of_queries(
    tenant, intervention
):
    staff = tenant.users[Role.STAFF]
    not_theirs = [intervention_of(tenant, name=f"Insats {n}") for n in range(5)]
    with permissions.remembered_for_request():
        permissions.memberships(staff)  # read once per request, as the pages do
        with CaptureQueriesContext(connection) as queries:
            writable = list(services.writable_interventions(staff, tenant.forbund))
    assert writable == [intervention]
    # The staff member's teams are read as ids (an index scan), then the interventions: a fixed
    # number of queries, not one per intervention.
    assert len(queries) <= 3
    admin = tenant.users[Role.ADMIN]
    assert len(services.writable_interventions(admin, tenant.forbund)) == 1 + len(not_theirs)
    assert services.may_write_for(staff, intervention)
    assert not services.may_write_for(staff, not_theirs[0])

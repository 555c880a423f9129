"""The API keeps the bodies as the pages do: the same rules, in Swedish, naming the field."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from samordna.core.permissions import Role
from samordna.funding.tests.factories import signed_pdf
from samordna.governance import services
from samordna.governance.models import BodyKind, ItemKind, MeetingStatus
from samordna.governance.tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    BodyMemberFactory,
    MeetingFactory,
)


def test_the_administrator_builds_the_board_through_the_api(tenant):
    api = tenant.api(Role.ADMIN)
    body = api.post(
        "/api/v1/bodies", {"kind": "board", "name": "Styrelsen"}, content_type="application/json"
    )
    assert body.status_code == 201, body.content
    member = {
        "name": "Fiktiv Ordförande",
        "organisation_id": tenant.kommun.pk,
        "role": "chair",
        "from_date": "2023-01-01",
    }
    url = f"/api/v1/bodies/{body.json()['id']}/members"
    assert api.post(url, member, content_type="application/json").status_code == 201
    again = api.post(url, member | {"name": "Andra"}, content_type="application/json")
    assert again.status_code == 422
    assert again.json()["detail"][0]["loc"][-1] == "role"
    assert "redan en ordförande" in again.json()["detail"][0]["msg"]


def test_the_board_reads_a_meeting_with_its_items_and_may_not_change_it(tenant):
    meeting = MeetingFactory(body__forbund=tenant.forbund, date=date(2026, 1, 20))
    AgendaItemFactory(meeting=meeting, paragraph="2", title="Budget", kind=ItemKind.OTHER)
    api = tenant.api(Role.BOARD)
    answer = api.get(f"/api/v1/meetings/{meeting.pk}").json()
    assert [(i["paragraph"], i["title"], i["decision"]) for i in answer["items"]] == [
        ("2", "Budget", None)
    ]
    refused = api.put(
        f"/api/v1/meetings/{meeting.pk}",
        {"date": "2026-01-21"},
        content_type="application/json",
    )
    assert refused.status_code == 403


def test_a_paragraph_used_at_the_meeting_answers_422_naming_the_paragraph(tenant, other_tenant):
    item = {"paragraph": "5", "title": "Delårsrapport", "kind": "other"}
    api = tenant.api(Role.ADMIN)
    meeting = MeetingFactory(body__forbund=tenant.forbund)
    url = f"/api/v1/meetings/{meeting.pk}/items"
    assert api.post(url, item, content_type="application/json").status_code == 201
    again = api.post(url, item, content_type="application/json")
    assert again.status_code == 422
    assert again.json()["detail"] == [
        {
            "loc": ["body", "paragraph"],
            "msg": "paragraph: Mötet har redan en punkt med den här paragrafen (§).",
            "type": "invalid",
        }
    ]
    elsewhere = MeetingFactory(body__forbund=other_tenant.forbund)
    other_api = other_tenant.api(Role.ADMIN)
    other_url = f"/api/v1/meetings/{elsewhere.pk}/items"
    assert other_api.post(other_url, item, content_type="application/json").status_code == 201


def test_a_second_board_answers_422_naming_the_kind(tenant):
    BodyFactory(forbund=tenant.forbund, kind=BodyKind.BOARD)
    again = tenant.api(Role.ADMIN).post(
        "/api/v1/bodies", {"kind": "board", "name": "Styrelse två"}, content_type="application/json"
    )
    assert again.status_code == 422
    assert again.json()["detail"][0]["loc"] == ["body", "kind"]
    assert "redan en styrelse" in again.json()["detail"][0]["msg"]


def test_staff_list_no_bodies(tenant):
    BodyFactory(forbund=tenant.forbund)
    assert tenant.api(Role.STAFF).get("/api/v1/bodies").json()["items"] == []


def test_the_auditor_records_the_report_with_its_pdf(tenant):
    auditor = BodyMemberFactory(
        body__forbund=tenant.forbund, body__kind=BodyKind.AUDITORS, body__name="Revisorerna"
    )
    answer = tenant.api(Role.AUDITOR).post(
        "/api/v1/auditors-reports",
        {
            "year": 2025,
            "dated_on": "2026-03-20",
            "auditor_ids": [auditor.pk],
            "recommends_discharge": "true",
            "signed_pdf": signed_pdf(),
        },
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["auditor_ids"] == [auditor.pk]
    missing = tenant.api(Role.AUDITOR).post(
        "/api/v1/auditors-reports",
        {"year": 2024, "dated_on": "2025-03-20", "auditor_ids": [auditor.pk]},
    )
    assert missing.status_code == 422
    assert "Bifoga den undertecknade revisionsberättelsen" in missing.json()["detail"][0]["msg"]


def _listed_meetings(tenant, api, meetings: int) -> tuple[list[dict], int]:
    board = BodyFactory(forbund=tenant.forbund, kind=BodyKind.BOARD)
    for member in range(3):
        BodyMemberFactory(body=board, organisation=tenant.kommun, name=f"Ledamot {member}")
    for day in range(1, meetings + 1):
        meeting = MeetingFactory(body=board, date=date(2025, 3, day), status=MeetingStatus.HELD)
        AgendaItemFactory(meeting=meeting, paragraph="1", kind=ItemKind.OTHER)
        AgendaItemFactory(meeting=meeting, paragraph="2", kind=ItemKind.OTHER)
        services.record_attendance(
            tenant.users[Role.ADMIN], meeting, present=list(board.members.all()), adjusters=[]
        )
    with CaptureQueriesContext(connection) as queries:
        listed = api.get("/api/v1/meetings").json()["items"]
    return listed, len(queries)


def test_the_meetings_list_reads_its_items_and_attendance_for_the_whole_page(tenant, other_tenant):
    one, one_queries = _listed_meetings(tenant, tenant.api(Role.ADMIN), 1)
    many, many_queries = _listed_meetings(other_tenant, other_tenant.api(Role.ADMIN), 6)
    assert (len(one), len(many)) == (1, 6) and many_queries == one_queries
    assert [item["paragraph"] for item in many[-1]["items"]] == ["1", "2"]
    assert many[-1]["attendance"]["voting_present"] == 3 and many[-1]["attendance"]["quorate"]

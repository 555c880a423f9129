"""Attendance at a held meeting: who was present, who adjusts the minutes, and whether the body
had a quorum (more than half of its voting members, deputies serving in absent members' places),
on the page, in the API and in the minutes."""

import re
import unicodedata
from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from samordna.core.permissions import Role
from samordna.governance import queries, services
from samordna.governance.models import MeetingStatus, MemberRole
from samordna.governance.tests.factories import BodyFactory, BodyMemberFactory, MeetingFactory

JSON = "application/json"


@pytest.fixture
def board(tenant):
    """A board of five voting members, one deputy and a secretary; one member left in 2024."""
    body = BodyFactory(forbund=tenant.forbund, name="Styrelsen")
    roles = [MemberRole.CHAIR, MemberRole.VICE_CHAIR, *[MemberRole.MEMBER] * 3]
    members = [
        BodyMemberFactory(body=body, role=role, name=f"Fiktiv Ledamot {n}")
        for n, role in enumerate(roles, start=1)
    ]
    deputy = BodyMemberFactory(body=body, role=MemberRole.DEPUTY, name="Fiktiv Ersättare")
    secretary = BodyMemberFactory(body=body, role=MemberRole.SECRETARY, name="Fiktiv Sekreterare")
    BodyMemberFactory(body=body, name="Avgången Ledamot", to_date=date(2024, 12, 31))
    meeting = MeetingFactory(body=body, date=date(2025, 5, 20), status=MeetingStatus.HELD)
    return meeting, members, deputy, secretary


def _record(tenant, meeting, present, adjusters=()):
    return services.record_attendance(
        tenant.users[Role.ADMIN], meeting, present=present, adjusters=adjusters
    )


def test_a_deputy_counts_in_an_absent_members_place(tenant, board):
    meeting, members, deputy, _secretary = board
    _record(tenant, meeting, members[:2])
    two = queries.attendance(meeting)
    assert (two.voting_present, two.voting_seats, two.quorate) == (2, 5, False)
    _record(tenant, meeting, [*members[:2], deputy])
    three = queries.attendance(meeting)
    assert (three.voting_present, three.quorate) == (3, True)
    # With every member present the deputy serves in nobody's place.
    _record(tenant, meeting, [*members, deputy])
    assert queries.attendance(meeting).voting_present == 5


def test_the_page_records_attendance_and_shows_the_quorum(tenant, board):
    meeting, members, _deputy, secretary = board
    admin = tenant.client(Role.ADMIN)
    page = admin.get(reverse("governance:attendance", args=[meeting.pk])).content.decode()
    assert "Fiktiv Ersättare" in page and "Avgången Ledamot" not in page
    response = admin.post(
        reverse("governance:attendance", args=[meeting.pk]),
        {
            "present": [m.pk for m in [*members[:3], secretary]],
            "adjusters": [members[2].pk],
            "others_present": "Förbundschef",
        },
    )
    assert response.status_code == 302
    detail = admin.get(reverse("governance:meeting", args=[meeting.pk])).content.decode()
    assert "Beslutsför" in detail and "3 av 5 röstberättigade ledamöter" in detail
    assert "Fiktiv Ledamot 4" in detail.split("Frånvarande")[1]  # absent


def test_an_adjuster_not_present_is_refused_and_the_choices_kept(tenant, board):
    meeting, members, _deputy, _secretary = board
    response = tenant.client(Role.ADMIN).post(
        reverse("governance:attendance", args=[meeting.pk]),
        {"present": [members[0].pk], "adjusters": [members[1].pk]},
    )
    page = response.content.decode()
    assert "De som justerar protokollet ska vara närvarande" in page
    assert re.search(rf'name="present" value="{members[0].pk}"[^>]*checked', page)
    assert not meeting.attendance.exists()


def test_a_planned_meeting_has_no_attendance_yet(tenant, board):
    meeting, members, _deputy, _secretary = board
    meeting.status = MeetingStatus.PLANNED
    meeting.save()
    refused = tenant.api(Role.ADMIN).put(
        f"/api/v1/meetings/{meeting.pk}/attendance",
        {"present": [members[0].pk]},
        content_type=JSON,
    )
    assert refused.status_code == 422
    assert "när sammanträdet har hållits" in refused.json()["detail"][0]["msg"]


def test_the_api_records_it_and_refuses_a_member_of_another_body(tenant, board):
    meeting, members, _deputy, _secretary = board
    outsider = BodyMemberFactory(body=BodyFactory(forbund=tenant.forbund, kind="auditors"))
    api = tenant.api(Role.ADMIN)
    url = f"/api/v1/meetings/{meeting.pk}/attendance"
    refused = api.put(url, {"present": [outsider.pk]}, content_type=JSON)
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"][-1] == "present"
    saved = api.put(
        url, {"present": [m.pk for m in members], "adjusters": [members[3].pk]}, content_type=JSON
    )
    assert saved.status_code == 200, saved.content
    attendance = saved.json()["attendance"]
    assert attendance["quorate"] and attendance["adjusters"] == [members[3].pk]


def test_the_board_reads_but_cannot_record_it(tenant, board):
    meeting, members, _deputy, _secretary = board
    response = tenant.client(Role.BOARD).post(
        reverse("governance:attendance", args=[meeting.pk]), {"present": [members[0].pk]}
    )
    assert response.status_code == 403
    assert not meeting.attendance.exists()


def test_the_minutes_list_who_was_there_and_who_signs(tenant, board):
    meeting, members, _deputy, secretary = board
    _record(tenant, meeting, [*members[1:], secretary], adjusters=[members[4]])
    pdf = tenant.client(Role.BOARD).get(reverse("governance:minutes_pdf", args=[meeting.pk]))
    text = unicodedata.normalize(
        "NFKC", " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf.content)).pages)
    )
    assert "Närvarande" in text and "Frånvarande" in text and "Beslutsför" in text
    # The chair is absent: the vice chair presides and signs.
    signatures = text.split("Underskrifter")[1]
    assert "Fiktiv Ledamot 2" in signatures and "Fiktiv Ledamot 1" not in signatures
    assert "Fiktiv Sekreterare" in signatures and "Fiktiv Ledamot 5" in signatures

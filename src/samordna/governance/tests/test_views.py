"""The bodies' pages as their users meet them: the administrator keeps bodies and meetings, the
board reads its papers and records nothing, staff see none of it."""

import unicodedata
from datetime import date, timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from samordna.core.permissions import Role
from samordna.funding.models import ActivityPlan, Decision
from samordna.funding.tests.factories import add_line, signed_pdf
from samordna.governance.models import AuditorsReport, BodyKind, ItemKind, MeetingStatus, MemberRole
from samordna.governance.tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    BodyMemberFactory,
    MeetingFactory,
)
from samordna.interventions import services as intervention_services
from samordna.interventions.tests.factories import intervention_of


def _submitted(tenant):
    intervention = intervention_of(tenant, name="Samverkansteam Ådalen")
    add_line(tenant, intervention, tenant.kommun, 400000, "salaries", position_percent="100")
    intervention_services.submit(tenant.users[Role.ADMIN], intervention)
    return intervention


def _pdf_text(content: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)
    # Figures keep their digits together with narrow no-break spaces (core/figures.py).
    return unicodedata.normalize("NFKC", text)


def test_the_administrator_registers_the_board_and_its_chair(tenant):
    admin = tenant.client(Role.ADMIN)
    response = admin.post(reverse("governance:body_create"), {"kind": "board", "name": "Styrelsen"})
    assert response.status_code == 302
    body_url = response.url
    member_url = body_url + "ny-ledamot/"
    admin.post(
        member_url,
        {
            "name": "Fiktiv Ordförande",
            "organisation": tenant.kommun.pk,
            "role": "chair",
            "from_date": "2023-01-01",
        },
    )
    page = admin.get(body_url).content.decode()
    assert "Fiktiv Ordförande" in page and "Ordförande" in page


def test_a_second_chair_is_refused_on_the_form_which_keeps_what_was_typed(tenant):
    board = BodyFactory(forbund=tenant.forbund)
    BodyMemberFactory(body=board, role=MemberRole.CHAIR)
    response = tenant.client(Role.ADMIN).post(
        reverse("governance:member_create", args=[board.pk]),
        {"name": "Andra Ordförande", "role": "chair", "from_date": "2024-01-01"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Organet har redan en ordförande för den här perioden." in page
    assert 'value="Andra Ordförande"' in page


def test_a_paragraph_used_at_the_meeting_is_refused_beside_it_keeping_what_was_typed(tenant):
    meeting = MeetingFactory(body__forbund=tenant.forbund)
    AgendaItemFactory(meeting=meeting, paragraph="5")
    response = tenant.client(Role.ADMIN).post(
        reverse("governance:item_create", args=[meeting.pk]),
        {"paragraph": "5", "title": "Delårsrapport", "kind": "other"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "paragraph": ["Mötet har redan en punkt med den här paragrafen (§)."]
    }
    assert 'value="Delårsrapport"' in response.content.decode()


def test_another_forbunds_meeting_takes_the_same_paragraph_on_the_page(tenant, other_tenant):
    AgendaItemFactory(meeting__body__forbund=other_tenant.forbund, paragraph="5")
    meeting = MeetingFactory(body__forbund=tenant.forbund)
    response = tenant.client(Role.ADMIN).post(
        reverse("governance:item_create", args=[meeting.pk]),
        {"paragraph": "5", "title": "Delårsrapport", "kind": "other"},
    )
    assert response.status_code == 302
    assert meeting.items.get().paragraph == "5"


def test_a_second_board_is_refused_on_the_kind(tenant):
    BodyFactory(forbund=tenant.forbund, kind=BodyKind.BOARD)
    response = tenant.client(Role.ADMIN).post(
        reverse("governance:body_create"), {"kind": "board", "name": "Styrelse två"}
    )
    assert response.context["form"].errors == {"kind": ["Förbundet har redan en styrelse."]}


@pytest.mark.parametrize("role", [Role.BOARD, Role.AUDITOR, Role.ANALYST])
def test_the_board_and_the_auditors_read_but_do_not_change(tenant, role):
    board = BodyFactory(forbund=tenant.forbund, name="Styrelsen")
    client = tenant.client(role)
    assert "Styrelsen" in client.get(reverse("governance:bodies")).content.decode()
    assert client.get(reverse("governance:body", args=[board.pk])).status_code == 200
    assert client.get(reverse("governance:body_edit", args=[board.pk])).status_code == 403
    assert client.get(reverse("governance:body_create")).status_code == 403


@pytest.mark.parametrize("role", [Role.STAFF, Role.REFERRER])
def test_staff_and_referrers_see_nothing_of_the_bodies(tenant, role):
    meeting = MeetingFactory(body__forbund=tenant.forbund)
    client = tenant.client(role)
    assert client.get(reverse("governance:bodies")).status_code == 403
    assert client.get(reverse("governance:meeting", args=[meeting.pk])).status_code == 403


def test_an_application_item_leads_to_the_decision_form_filled_with_date_and_paragraph(tenant):
    intervention = _submitted(tenant)
    held = date.today() - timedelta(days=1)
    meeting = MeetingFactory(body__forbund=tenant.forbund, date=held)
    AgendaItemFactory(
        meeting=meeting,
        paragraph="7",
        title="Ansökan Samverkansteam Ådalen",
        kind=ItemKind.APPLICATION,
        intervention=intervention,
    )
    admin = tenant.client(Role.ADMIN)
    page = admin.get(reverse("governance:meeting", args=[meeting.pk])).content.decode()
    link = f"{reverse('funding:decision', args=[intervention.pk])}?meeting_date={held.isoformat()}&amp;paragraph=7"
    assert link in page
    form = admin.get(link.replace("&amp;", "&")).content.decode()
    assert f'value="{held.isoformat()}"' in form and 'value="7"' in form


def test_the_board_sees_no_link_to_record_a_decision(tenant):
    intervention = _submitted(tenant)
    meeting = MeetingFactory(body__forbund=tenant.forbund, date=date.today())
    AgendaItemFactory(meeting=meeting, kind=ItemKind.APPLICATION, intervention=intervention)
    page = tenant.client(Role.BOARD).get(reverse("governance:meeting", args=[meeting.pk]))
    assert "Registrera beslutet" not in page.content.decode()


def test_the_minutes_list_the_items_with_the_decisions_recorded(tenant):
    intervention = _submitted(tenant)
    meeting = MeetingFactory(
        body__forbund=tenant.forbund, date=date(2021, 6, 21), status=MeetingStatus.HELD
    )
    BodyMemberFactory(
        body=meeting.body,
        name="Fiktiv Ordförande",
        role=MemberRole.CHAIR,
        from_date=date(2019, 1, 1),
    )
    AgendaItemFactory(
        meeting=meeting,
        paragraph="24",
        title="Ansökan",
        kind=ItemKind.APPLICATION,
        intervention=intervention,
    )
    AgendaItemFactory(
        meeting=meeting,
        paragraph="25",
        title="Verksamhetsplan 2022",
        kind=ItemKind.ACTIVITY_PLAN,
        decision_text="Styrelsen fastställer verksamhetsplanen.",
    )
    Decision.objects.create(
        forbund=tenant.forbund,
        intervention=intervention,
        meeting_date=date(2021, 6, 21),
        paragraph="24",
        outcome="granted",
    ).amounts.create(forbund=tenant.forbund, year=2021, amount=812000)
    response = tenant.client(Role.BOARD).get(reverse("governance:minutes_pdf", args=[meeting.pk]))
    text = _pdf_text(response.content)
    assert response["Content-Type"] == "application/pdf"
    assert "§ 24 Ansökan" in text and "Beviljad" in text and "812 000 kr" in text
    assert "Styrelsen fastställer verksamhetsplanen." in text
    assert "Fiktiv Ordförande" in text


def test_the_boards_work_queue_shows_the_next_meeting_and_its_items(tenant):
    coming = date.today() + timedelta(days=10)
    meeting = MeetingFactory(body__forbund=tenant.forbund, date=coming)
    AgendaItemFactory(meeting=meeting, paragraph="3", title="Delårsrapport", kind=ItemKind.REPORT)
    later = MeetingFactory(body=meeting.body, date=coming + timedelta(days=30))
    AgendaItemFactory(meeting=later, title="Senare punkt")
    page = tenant.client(Role.BOARD).get(reverse("home")).content.decode()
    assert f"Punkter till styrelsens sammanträde {coming.isoformat()}" in page
    assert "§ 3 Delårsrapport" in page and "Senare punkt" not in page


def test_the_auditor_records_the_report_and_the_board_downloads_it(tenant):
    auditor = BodyMemberFactory(
        body__forbund=tenant.forbund, body__kind=BodyKind.AUDITORS, body__name="Revisorerna"
    )
    response = tenant.client(Role.AUDITOR).post(
        reverse("governance:auditors_report_create"),
        {
            "year": "2025",
            "dated_on": "2026-03-20",
            "auditors": [auditor.pk],
            "recommends_discharge": "on",
            "signed_pdf": signed_pdf(),
        },
    )
    assert response.status_code == 302
    board = tenant.client(Role.BOARD)
    page = board.get(reverse("governance:bodies")).content.decode()
    assert "Tillstyrker ansvarsfrihet" in page
    report = AuditorsReport.objects.get(forbund=tenant.forbund, year=2025)
    download = board.get(reverse("governance:auditors_report_pdf", args=[report.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_a_body_lists_its_chair_first_and_its_secretary_last(tenant):
    board = BodyFactory(forbund=tenant.forbund)
    for name, role in [
        ("Sekreteraren", MemberRole.SECRETARY),
        ("Ersättaren", MemberRole.DEPUTY),
        ("Vice ordföranden", MemberRole.VICE_CHAIR),
        ("Ledamoten", MemberRole.MEMBER),
        ("Ordföranden", MemberRole.CHAIR),
    ]:
        BodyMemberFactory(body=board, name=name, role=role)
    page = tenant.client(Role.BOARD).get(reverse("governance:body", args=[board.pk]))
    text = page.content.decode()
    names = ["Ordföranden", "Vice ordföranden", "Ledamoten", "Ersättaren", "Sekreteraren"]
    assert sorted(names, key=text.index) == names
    assert "<td>Ledamot</td>" in text


def test_a_planned_meetings_pdf_is_its_agenda(tenant):
    meeting = MeetingFactory(body__forbund=tenant.forbund, date=date.today() + timedelta(days=7))
    AgendaItemFactory(meeting=meeting, paragraph="1", title="Budget", kind=ItemKind.OTHER)
    response = tenant.client(Role.BOARD).get(reverse("governance:minutes_pdf", args=[meeting.pk]))
    text = _pdf_text(response.content)
    assert text.startswith("Föredragningslista: ") and "§ 1 Budget" in text
    assert "Inget beslut registrerat." not in text
    assert "foredragningslista-" in response["Content-Disposition"]


def _plan(tenant, first_year, adopted_on=None, paragraph=""):
    return ActivityPlan.objects.create(
        forbund=tenant.forbund,
        title=f"Verksamhetsplan {first_year}",
        first_year=first_year,
        last_year=first_year + 2,
        adopted_on=adopted_on,
        adopted_paragraph=paragraph,
        priorities="Unga vuxna.",
    )


def test_an_activity_plan_item_links_to_the_plan_adopted_or_to_be_adopted(tenant):
    held = MeetingFactory(body__forbund=tenant.forbund, date=date(2025, 11, 20))
    coming = MeetingFactory(body=held.body, date=date(2026, 11, 19))
    adopted = _plan(tenant, 2026, adopted_on=held.date, paragraph="7")
    draft = _plan(tenant, 2027)
    _plan(tenant, 2030)  # a draft far ahead is no item's
    for meeting in (held, coming):
        AgendaItemFactory(meeting=meeting, paragraph="7", kind=ItemKind.ACTIVITY_PLAN)
    board = tenant.client(Role.BOARD)
    for meeting, plan in ((held, adopted), (coming, draft)):
        page = board.get(reverse("governance:meeting", args=[meeting.pk])).content.decode()
        link = reverse("funding:activity_plan", args=[plan.pk])
        assert f'<a href="{link}">{plan.title}</a>' in page
        listed = tenant.api(Role.BOARD).get(f"/api/v1/meetings/{meeting.pk}").json()
        assert listed["items"][0]["activity_plan_id"] == plan.pk

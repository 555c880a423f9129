"""The rules of bodies, members, meetings, items and the auditors' report, as the services
enforce them for pages and API alike."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from samordna.core.models import AuditEvent
from samordna.core.permissions import Role
from samordna.funding.tests.factories import signed_pdf
from samordna.governance import services
from samordna.governance.models import (
    AgendaItem,
    AuditorsReport,
    Body,
    BodyKind,
    BodyMember,
    ItemKind,
    Meeting,
    MeetingStatus,
    MemberRole,
)
from samordna.governance.tests.factories import BodyFactory, BodyMemberFactory, MeetingFactory


@pytest.fixture(autouse=True)
def swedish():
    with translation.override("sv"):
        yield


def _errors(call) -> dict:
    with pytest.raises(ValidationError) as refused:
        call()
    return refused.value.message_dict


def _member(tenant, body, **fields):
    fields = {"name": "Ledamot", "role": MemberRole.MEMBER, "from_date": date(2023, 1, 1)} | fields
    member = BodyMember(forbund=tenant.forbund, body=body, **fields)
    return services.save_member(tenant.users[Role.ADMIN], member)


def test_a_body_has_one_chair_at_a_time(tenant):
    board = BodyFactory(forbund=tenant.forbund)
    _member(tenant, board, role=MemberRole.CHAIR, to_date=date(2024, 12, 31))
    errors = _errors(
        lambda: _member(tenant, board, role=MemberRole.CHAIR, from_date=date(2024, 6, 1))
    )
    assert errors["role"] == ["Organet har redan en ordförande för den här perioden."]
    successor = _member(tenant, board, role=MemberRole.CHAIR, from_date=date(2025, 1, 1))
    assert successor.pk


def test_a_member_represents_one_of_the_forbunds_parties(tenant, other_tenant):
    board = BodyFactory(forbund=tenant.forbund)
    errors = _errors(lambda: _member(tenant, board, organisation=other_tenant.kommun))
    assert errors["organisation"] == ["Välj en av förbundets parter."]


def test_a_member_cannot_leave_before_joining(tenant):
    board = BodyFactory(forbund=tenant.forbund)
    errors = _errors(lambda: _member(tenant, board, to_date=date(2022, 1, 1)))
    assert errors["to_date"] == ["Slutet ligger före starten."]


def test_a_forbund_has_one_board(tenant):
    BodyFactory(forbund=tenant.forbund, kind=BodyKind.BOARD)
    body = Body(forbund=tenant.forbund, kind=BodyKind.BOARD, name="Styrelse två")
    errors = _errors(lambda: services.save_body(tenant.users[Role.ADMIN], body))
    assert errors["kind"] == ["Förbundet har redan en styrelse."]


def test_only_the_administrator_keeps_the_bodies(tenant):
    body = Body(forbund=tenant.forbund, kind=BodyKind.WORKING_COMMITTEE, name="AU")
    for role in (Role.BOARD, Role.ANALYST, Role.AUDITOR, Role.STAFF):
        with pytest.raises(PermissionDenied):
            services.save_body(tenant.users[role], body)
    services.save_body(tenant.users[Role.ADMIN], body)
    event = AuditEvent.objects.get(action="body.create")
    assert event.object_id == str(body.pk)


def test_a_held_meeting_cannot_lie_ahead(tenant):
    board = BodyFactory(forbund=tenant.forbund)
    meeting = Meeting(
        forbund=tenant.forbund,
        body=board,
        date=date.today() + timedelta(days=30),
        status=MeetingStatus.HELD,
    )
    errors = _errors(lambda: services.save_meeting(tenant.users[Role.ADMIN], meeting))
    assert "framtiden" in errors["date"][0]


def test_an_application_item_names_its_intervention(tenant):
    meeting = MeetingFactory(body__forbund=tenant.forbund)
    item = AgendaItem(
        forbund=tenant.forbund,
        meeting=meeting,
        paragraph="5",
        title="Ansökan",
        kind=ItemKind.APPLICATION,
    )
    errors = _errors(lambda: services.save_item(tenant.users[Role.ADMIN], item))
    assert errors["intervention"] == ["Välj den insats punkten gäller."]


def test_a_paragraph_is_used_once_a_meeting(tenant):
    meeting = MeetingFactory(body__forbund=tenant.forbund)
    admin = tenant.users[Role.ADMIN]
    fields = {"forbund": tenant.forbund, "meeting": meeting, "paragraph": "5", "kind": "other"}
    services.save_item(admin, AgendaItem(title="Första", **fields))
    errors = _errors(lambda: services.save_item(admin, AgendaItem(title="Andra", **fields)))
    assert errors == {"paragraph": ["Mötet har redan en punkt med den här paragrafen (§)."]}


def test_another_forbunds_meeting_may_use_the_same_paragraph(tenant, other_tenant):
    fields = {"paragraph": "5", "title": "Budget", "kind": "other"}
    for forbund in (tenant, other_tenant):
        meeting = MeetingFactory(body__forbund=forbund.forbund)
        item = AgendaItem(forbund=forbund.forbund, meeting=meeting, **fields)
        assert services.save_item(forbund.users[Role.ADMIN], item).pk


def _auditor(tenant):
    return BodyMemberFactory(
        body__forbund=tenant.forbund, body__kind=BodyKind.AUDITORS, body__name="Revisorerna"
    )


def _report(tenant, **fields):
    fields = {"year": 2025, "dated_on": date(2026, 3, 20)} | fields
    return AuditorsReport(forbund=tenant.forbund, **fields)


def test_the_auditors_record_their_report_with_the_signed_pdf(tenant):
    auditor = _auditor(tenant)
    report = services.record_auditors_report(
        tenant.users[Role.AUDITOR], _report(tenant), [auditor], signed_pdf()
    )
    assert list(report.auditors.all()) == [auditor]
    assert report.signed_pdf.name.endswith(".pdf")
    event = AuditEvent.objects.get(action="auditors_report.record")
    assert event.details == {"year": 2025, "recommends_discharge": True}


def test_only_the_auditors_record_their_report(tenant):
    auditor = _auditor(tenant)
    for role in (Role.ADMIN, Role.BOARD):
        with pytest.raises(PermissionDenied):
            services.record_auditors_report(
                tenant.users[role], _report(tenant), [auditor], signed_pdf()
            )


def test_no_discharge_needs_the_auditors_remarks(tenant):
    auditor = _auditor(tenant)
    report = _report(tenant, recommends_discharge=False)
    errors = _errors(
        lambda: services.record_auditors_report(
            tenant.users[Role.AUDITOR], report, [auditor], signed_pdf()
        )
    )
    assert errors["remarks"] == ["Ange varför revisorerna inte tillstyrker ansvarsfrihet."]


def test_the_report_is_dated_after_its_year(tenant):
    report = _report(tenant, dated_on=date(2025, 12, 1))
    errors = _errors(
        lambda: services.record_auditors_report(
            tenant.users[Role.AUDITOR], report, [_auditor(tenant)], signed_pdf()
        )
    )
    assert errors["dated_on"] == ["Berättelsen är daterad innan året var slut."]


def test_the_signed_report_must_be_a_pdf(tenant):
    not_pdf = SimpleUploadedFile("berattelse.pdf", b"hello", content_type="application/pdf")
    with pytest.raises(ValidationError) as refused:
        services.record_auditors_report(
            tenant.users[Role.AUDITOR], _report(tenant), [_auditor(tenant)], not_pdf
        )
    assert refused.value.messages == [
        "Filen är ingen läsbar PDF. Bifoga den undertecknade revisionsberättelsen som en PDF-fil."
    ]


def test_the_signers_are_members_of_the_auditors(tenant):
    board_member = BodyMemberFactory(body__forbund=tenant.forbund)
    errors = _errors(
        lambda: services.record_auditors_report(
            tenant.users[Role.AUDITOR], _report(tenant), [board_member], signed_pdf()
        )
    )
    assert errors["auditors"] == ["Välj ledamöter bland förbundets revisorer."]

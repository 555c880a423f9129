"""API routes for the förbund's bodies, their members and meetings with items, and the auditors'
reports: the same forms carry the rules and the same services save, as on the pages."""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.errors import HttpError

from samordna.core import permissions, validation
from samordna.core.api import Paging, acting_forbund, filter_by, from_model, page_of
from samordna.funding.api import DecisionOut
from samordna.governance import queries, services
from samordna.governance.forms import (
    AgendaItemForm,
    AttendanceForm,
    AuditorsReportForm,
    BodyForm,
    MeetingForm,
    MemberForm,
)
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

router = Router(tags=["governance"])


def _visible(request, model, pk: int, action: str):
    """Row `pk` as the caller sees it: 404 outside their scope, 403 without `action`."""
    obj = get_object_or_404(model.objects.visible_to(request.auth), pk=pk)
    if not permissions.can(request.auth, action, obj):
        raise HttpError(403, "Forbidden")
    return obj


def _saved(form, save):
    validation.require_valid(form)
    return save(form.instance)


class BodyMemberOut(Schema):
    id: int
    name: str
    organisation_id: int | None
    role: str
    from_date: dt.date
    to_date: dt.date | None


class BodyOut(Schema):
    id: int
    kind: str
    name: str
    remit: str
    members: list[BodyMemberOut]

    @staticmethod
    def resolve_members(body):
        return list(body.members.all())


class BodyIn(Schema):
    kind: BodyKind
    name: str = from_model(Body, "name")
    remit: str = from_model(Body, "remit", "")


class BodyMemberIn(Schema):
    name: str = from_model(BodyMember, "name")
    organisation_id: int | None = None
    role: MemberRole
    from_date: dt.date
    to_date: dt.date | None = None


@router.get("/bodies", response=page_of(BodyOut))
def list_bodies(request, paging: Query[Paging]):
    bodies = Body.objects.visible_to(request.auth).prefetch_related("members")
    return paging.page(request, bodies, action="governance.view")


@router.get("/bodies/{body_id}", response=BodyOut)
def get_body(request, body_id: int):
    return _visible(request, Body, body_id, "governance.view")


@router.post("/bodies", response={201: BodyOut})
def create_body(request, payload: BodyIn):
    forbund = acting_forbund(request)
    body = Body(forbund_id=forbund)
    form = BodyForm(payload.dict(), instance=body)
    return Status(201, _saved(form, lambda body: services.save_body(request.auth, body)))


@router.put("/bodies/{body_id}", response=BodyOut)
def update_body(request, body_id: int, payload: BodyIn):
    body = _visible(request, Body, body_id, "governance.change")
    form = BodyForm(payload.dict(), instance=body)
    return _saved(form, lambda body: services.save_body(request.auth, body))


def _member_data(payload: BodyMemberIn) -> dict:
    data = payload.dict()
    return data | {"organisation": data.pop("organisation_id")}


@router.post("/bodies/{body_id}/members", response={201: BodyMemberOut})
def create_member(request, body_id: int, payload: BodyMemberIn):
    body = _visible(request, Body, body_id, "governance.change")
    member = BodyMember(forbund=body.forbund, body=body)
    form = MemberForm(_member_data(payload), instance=member, user=request.auth)
    return Status(201, _saved(form, lambda m: services.save_member(request.auth, m)))


@router.put("/body-members/{member_id}", response=BodyMemberOut)
def update_member(request, member_id: int, payload: BodyMemberIn):
    member = _visible(request, BodyMember, member_id, "governance.change")
    form = MemberForm(_member_data(payload), instance=member, user=request.auth)
    return _saved(form, lambda m: services.save_member(request.auth, m))


class AgendaItemOut(Schema):
    id: int
    paragraph: str
    title: str
    kind: str
    intervention_id: int | None
    decision_text: str
    decision: DecisionOut | None  # funding's decision on an application item
    activity_plan_id: int | None = Field(
        description="The activity plan an activity-plan item is about: the one adopted at the "
        "meeting, or the draft the board is to adopt"
    )

    @staticmethod
    def resolve_decision(item):
        return getattr(item, "recorded_decision", None)

    @staticmethod
    def resolve_activity_plan_id(item):
        plan = getattr(item, "linked_plan", None)
        return plan and plan.pk


class AttendanceOut(Schema):
    present: list[int] = Field(description="Members present (body member ids)")
    adjusters: list[int] = Field(description="Members present who adjust the minutes")
    others_present: str
    voting_seats: int
    voting_present: int = Field(description="Deputies serving in absent members' places counted")
    quorate: bool


class MeetingOut(Schema):
    id: int
    body_id: int
    date: dt.date
    time: dt.time | None
    place: str
    status: str
    items: list[AgendaItemOut]
    attendance: AttendanceOut | None = Field(description="Once recorded for a held meeting")

    @staticmethod
    def resolve_items(meeting):
        return meeting.described_items

    @staticmethod
    def resolve_attendance(meeting):
        attendance = meeting.described_attendance
        if not attendance.recorded:
            return None
        return {
            "present": [m.pk for m in attendance.present],
            "adjusters": [m.pk for m in attendance.adjusters],
            "others_present": meeting.others_present,
            "voting_seats": attendance.voting_seats,
            "voting_present": attendance.voting_present,
            "quorate": attendance.quorate,
        }


class AttendanceIn(Schema):
    present: list[int] = Field(default=[], description="Body member ids of those present")
    adjusters: list[int] = Field(default=[], description="Of those present, who adjust the minutes")
    others_present: str = from_model(Meeting, "others_present", "")


class MeetingIn(Schema):
    date: dt.date
    time: dt.time | None = None
    place: str = from_model(Meeting, "place", "")
    status: MeetingStatus = MeetingStatus.PLANNED


class AgendaItemIn(Schema):
    paragraph: str = from_model(AgendaItem, "paragraph")
    title: str = from_model(AgendaItem, "title")
    kind: ItemKind
    intervention_id: int | None = None
    decision_text: str = from_model(AgendaItem, "decision_text", "")


@router.get("/meetings", response=page_of(MeetingOut))
def list_meetings(request, paging: Query[Paging], body: int | None = filter_by("Only this body's")):
    meetings = Meeting.objects.visible_to(request.auth)
    if body:
        meetings = meetings.filter(body_id=body)
    page = paging.page(request, meetings, action="governance.view")
    return page | {"items": _described(request, page["items"])}


@router.get("/meetings/{meeting_id}", response=MeetingOut)
def get_meeting(request, meeting_id: int):
    return _described_one(request, _visible(request, Meeting, meeting_id, "governance.view"))


@router.post("/bodies/{body_id}/meetings", response={201: MeetingOut})
def create_meeting(request, body_id: int, payload: MeetingIn):
    body = _visible(request, Body, body_id, "governance.change")
    form = MeetingForm(payload.dict(), instance=Meeting(forbund=body.forbund, body=body))
    saved = _saved(form, lambda m: services.save_meeting(request.auth, m))
    return Status(201, _described_one(request, saved))


@router.put("/meetings/{meeting_id}", response=MeetingOut)
def update_meeting(request, meeting_id: int, payload: MeetingIn):
    meeting = _visible(request, Meeting, meeting_id, "governance.change")
    form = MeetingForm(payload.dict(), instance=meeting)
    return _described_one(request, _saved(form, lambda m: services.save_meeting(request.auth, m)))


@router.put("/meetings/{meeting_id}/attendance", response=MeetingOut)
def record_attendance(request, meeting_id: int, payload: AttendanceIn):
    """Who was present at a held meeting and who adjusts its minutes; replaces what was there."""
    meeting = _visible(request, Meeting, meeting_id, "governance.change")
    before = queries.attendance(meeting)
    form = AttendanceForm(payload.dict(), members=before.present + before.absent)
    validation.require_valid(form)
    recorded = services.record_attendance(request.auth, meeting, **form.cleaned_data)
    return _described_one(request, recorded)


def _item_data(payload: AgendaItemIn) -> dict:
    data = payload.dict()
    return data | {"intervention": data.pop("intervention_id")}


@router.post("/meetings/{meeting_id}/items", response={201: AgendaItemOut})
def create_item(request, meeting_id: int, payload: AgendaItemIn):
    meeting = _visible(request, Meeting, meeting_id, "governance.change")
    item = AgendaItem(forbund=meeting.forbund, meeting=meeting)
    form = AgendaItemForm(_item_data(payload), instance=item, user=request.auth)
    saved = _saved(form, lambda i: services.save_item(request.auth, i))
    return Status(201, _item_out(request, saved))


@router.put("/agenda-items/{item_id}", response=AgendaItemOut)
def update_item(request, item_id: int, payload: AgendaItemIn):
    item = _visible(request, AgendaItem, item_id, "governance.change")
    form = AgendaItemForm(_item_data(payload), instance=item, user=request.auth)
    return _item_out(request, _saved(form, lambda i: services.save_item(request.auth, i)))


def _with_decision(row: queries.ItemRow) -> AgendaItem:
    # Carried on the item for AgendaItemOut's resolvers; no fields of the model.
    row.item.recorded_decision = row.decision  # type: ignore[attr-defined]
    row.item.linked_plan = row.plan  # type: ignore[attr-defined]
    return row.item


def _described(request, meetings: list[Meeting]) -> list[Meeting]:
    """The meetings carrying what MeetingOut shows beside their fields (their items in order,
    each with the decision recorded on it, and their attendance), read for all at once."""
    rows = queries.item_rows_by_meeting(request.auth, meetings)
    attendance = queries.attendance_by_meeting(meetings)
    for meeting in meetings:
        items = [_with_decision(row) for row in rows[meeting.pk]]
        # No fields of the model: read by MeetingOut's resolvers.
        meeting.described_items = items  # type: ignore[attr-defined]
        meeting.described_attendance = attendance[meeting.pk]  # type: ignore[attr-defined]
    return meetings


def _described_one(request, meeting: Meeting) -> Meeting:
    return _described(request, [meeting])[0]


def _item_out(request, item):
    rows = queries.item_rows(request.auth, item.meeting)
    return next(_with_decision(row) for row in rows if row.item.pk == item.pk)


class AuditorsReportOut(Schema):
    id: int
    year: int
    dated_on: dt.date
    auditor_ids: list[int]
    recommends_discharge: bool
    remarks: str

    @staticmethod
    def resolve_auditor_ids(report):
        return [auditor.pk for auditor in report.auditors.all()]


class AuditorsReportIn(Schema):
    year: int = from_model(AuditorsReport, "year")
    dated_on: dt.date
    auditor_ids: list[int] = []
    recommends_discharge: bool = True
    remarks: str = from_model(AuditorsReport, "remarks", "")


@router.get("/auditors-reports", response=page_of(AuditorsReportOut))
def list_auditors_reports(request, paging: Query[Paging]):
    reports = AuditorsReport.objects.visible_to(request.auth).prefetch_related("auditors")
    return paging.page(request, reports, action="auditors_report.view")


@router.get("/auditors-reports/{report_id}", response=AuditorsReportOut)
def get_auditors_report(request, report_id: int):
    return _visible(request, AuditorsReport, report_id, "auditors_report.view")


@router.post("/auditors-reports", response={201: AuditorsReportOut})
def record_auditors_report(
    request,
    payload: Form[AuditorsReportIn],
    # Optional by its default: ninja reads File[...] only unwrapped (`| None` outside makes it a
    # query parameter), and File[UploadedFile | None] would publish a nullable binary.
    signed_pdf: File[UploadedFile] = None,  # type: ignore[assignment]
):
    """Record the auditors' report on a year (multipart form with the signed PDF); recording
    it again for the same year replaces it."""
    forbund = acting_forbund(request)
    report = AuditorsReport.objects.visible_to(request.auth).filter(
        forbund_id=forbund, year=payload.year
    ).first() or AuditorsReport(forbund_id=forbund)
    data = payload.dict()
    form = AuditorsReportForm(
        data | {"auditors": data.pop("auditor_ids")},
        {"signed_pdf": signed_pdf} if signed_pdf else None,
        instance=report,
        user=request.auth,
    )
    validation.require_valid(form)
    saved = services.record_auditors_report(
        request.auth, form.instance, form.cleaned_data["auditors"], form.cleaned_data["signed_pdf"]
    )
    return Status(201, saved)

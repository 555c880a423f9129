"""What the governance pages read: the board's next meeting, a meeting's items with the decisions
recorded on them, and the bodies' members in office."""

from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from samordna.core import permissions
from samordna.funding import services as funding_services
from samordna.funding.models import ActivityPlan, Decision
from samordna.governance.models import (
    DECISION_KINDS,
    VOTING_ROLES,
    AgendaItem,
    Attendance,
    AuditorsReport,
    BodyKind,
    BodyMember,
    ItemKind,
    Meeting,
    MeetingStatus,
    MemberRole,
)


def next_board_meeting(user, forbund, today) -> Meeting | None:
    """The board's first planned meeting from today on."""
    return (
        Meeting.objects.visible_to(user)
        .in_forbund(forbund)
        .filter(body__kind=BodyKind.BOARD, status=MeetingStatus.PLANNED, date__gte=today)
        .order_by("date", "time", "pk")
        .first()
    )


@dataclass(frozen=True)
class ItemRow:
    """An agenda item with the board decision recorded on it (application items) and, when the
    reader may record it, where to."""

    item: AgendaItem
    decision: Decision | None
    record_url: str = ""
    plan: ActivityPlan | None = None  # the activity plan an activity-plan item is about


def item_rows(user, meeting: Meeting) -> list[ItemRow]:
    """The meeting's items in order, each application item with the decision funding holds for
    its intervention, meeting date and paragraph."""
    return item_rows_by_meeting(user, [meeting])[meeting.pk]


def item_rows_by_meeting(user, meetings: list[Meeting]) -> dict[int, list[ItemRow]]:
    """`item_rows` of each meeting, in two queries however many meetings (a page of the API)."""
    meeting_of = {meeting.pk: meeting for meeting in meetings}
    items = list(
        AgendaItem.objects.visible_to(user)
        .filter(meeting__in=list(meeting_of))
        .select_related("intervention")
    )
    for item in items:
        item.meeting = meeting_of[item.meeting_id]  # read by every row: no query per item
    decided = {
        (d.intervention_id, d.meeting_date, d.paragraph): d
        for d in Decision.objects.visible_to(user)
        .filter(
            meeting_date__in={meeting.date for meeting in meetings},
            intervention__in={i.intervention_id for i in items if i.kind in DECISION_KINDS},
        )
        .prefetch_related("amounts")
    }
    plans = _activity_plans(user, [i for i in items if i.kind == ItemKind.ACTIVITY_PLAN])
    rows: dict[int, list[ItemRow]] = {pk: [] for pk in meeting_of}
    for item in items:
        decision = decided.get((item.intervention_id, item.meeting.date, item.paragraph))
        record_url = _record_url(user, item, decision)
        plan = _plan_of(item, plans) if item.kind == ItemKind.ACTIVITY_PLAN else None
        rows[item.meeting_id].append(ItemRow(item, decision, record_url, plan))
    return {
        pk: sorted(meeting_rows, key=lambda row: _paragraph_order(row.item.paragraph))
        for pk, meeting_rows in rows.items()
    }


def _activity_plans(user, items: list[AgendaItem]) -> list[ActivityPlan]:
    """The plans the activity-plan `items` may be about, if the user may read plans: those
    adopted on the items' meeting days and those not adopted yet."""
    forbund_ids = {item.forbund_id for item in items}
    readable = [
        pk
        for pk in forbund_ids
        if permissions.roles_may(permissions.roles_in(user, pk), "activity_plan.view")
    ]
    if not readable:
        return []
    days = {item.meeting.date for item in items}
    return list(
        ActivityPlan.objects.visible_to(user)
        .filter(forbund__in=readable)
        .filter(Q(adopted_on__in=days) | Q(adopted_on__isnull=True))
        .order_by("first_year", "pk")
    )


def _plan_of(item: AgendaItem, plans: list[ActivityPlan]) -> ActivityPlan | None:
    """The plan adopted at the item's meeting (under its paragraph, if one was recorded), or
    else the draft the board is to adopt: not adopted yet, beginning in the meeting's year or
    the next."""
    meeting = item.meeting
    adopted = [p for p in plans if p.forbund_id == item.forbund_id and p.adopted_on == meeting.date]
    for plan in adopted:
        if plan.adopted_paragraph in ("", item.paragraph):
            return plan
    drafts = [
        p
        for p in plans
        if p.forbund_id == item.forbund_id
        and p.adopted_on is None
        and p.first_year in (meeting.date.year, meeting.date.year + 1)
    ]
    return next(iter(drafts), None)


def _paragraph_order(paragraph: str):
    """§ 2 before § 10; a paragraph that is no number (§ 5a) after the numbers, as written."""
    digits = "".join(c for c in paragraph if c.isdigit())
    return (int(digits) if digits else 10**9, paragraph)


def _record_url(user, item: AgendaItem, decision) -> str:
    """Funding's decision form, filled with the meeting's date and the item's paragraph, for an
    application item not yet decided that the user may decide."""
    intervention = item.intervention
    if decision or item.kind not in DECISION_KINDS or intervention is None:
        return ""
    if item.meeting.date > timezone.localdate():  # a decision is recorded once it is taken
        return ""
    if not permissions.can(user, "decision.change", intervention):
        return ""
    if not funding_services.may_record_decision(intervention):
        return ""
    query = urlencode({"meeting_date": item.meeting.date.isoformat(), "paragraph": item.paragraph})
    return f"{reverse('funding:decision', args=[intervention.pk])}?{query}"


def auditors_report_for(user, forbund, year: int) -> AuditorsReport | None:
    if not permissions.can(user, "auditors_report.view", forbund):
        return None
    return (
        AuditorsReport.objects.visible_to(user)
        .in_forbund(forbund)
        .filter(year=year)
        .prefetch_related("auditors__organisation")
        .first()
    )


@dataclass(frozen=True)
class MeetingAttendance:
    """A held meeting's attendance as the minutes give it, and whether the body had a quorum:
    more than half of its voting members present, deputies counted in absent members' places
    (Kommunallagen 6 kap 28 §)."""

    present: list[BodyMember]
    absent: list[BodyMember]
    adjusters: list[BodyMember]
    voting_seats: int
    voting_present: int

    @property
    def recorded(self) -> bool:
        return bool(self.present)

    @property
    def quorate(self) -> bool:
        return self.voting_present * 2 > self.voting_seats

    @property
    def presiding(self) -> BodyMember | None:
        """The chair, or in their absence the vice chair, signs the minutes."""
        return self._present_in(MemberRole.CHAIR) or self._present_in(MemberRole.VICE_CHAIR)

    @property
    def secretary(self) -> BodyMember | None:
        return self._present_in(MemberRole.SECRETARY)

    def _present_in(self, role) -> BodyMember | None:
        return next((m for m in self.present if m.role == role), None)


def attendance(meeting: Meeting) -> MeetingAttendance:
    """The members in office on the meeting's day, split into present and absent."""
    return attendance_by_meeting([meeting])[meeting.pk]


def attendance_by_meeting(meetings: list[Meeting]) -> dict[int, MeetingAttendance]:
    """`attendance` of each meeting, in two queries however many meetings."""
    members: dict[int, list[BodyMember]] = defaultdict(list)
    bodies = {meeting.body_id for meeting in meetings}
    for member in BodyMember.objects.filter(body__in=bodies).select_related("organisation"):
        members[member.body_id].append(member)
    recorded: dict[int, dict[int, Attendance]] = defaultdict(dict)
    for row in Attendance.objects.filter(meeting__in=meetings):
        recorded[row.meeting_id][row.member_id] = row
    return {
        meeting.pk: _attendance(meeting, members[meeting.body_id], recorded[meeting.pk])
        for meeting in meetings
    }


def _attendance(meeting, members, rows: dict[int, Attendance]) -> MeetingAttendance:
    in_office = [m for m in members if m.serves_on(meeting.date)]
    present = [m for m in in_office if m.pk in rows]
    voting = [m for m in in_office if m.role in VOTING_ROLES]
    voting_present = sum(1 for m in voting if m.pk in rows)
    deputies_present = sum(1 for m in present if m.role == MemberRole.DEPUTY)
    serving_deputies = min(deputies_present, len(voting) - voting_present)
    return MeetingAttendance(
        present=present,
        absent=[m for m in in_office if m.pk not in rows],
        adjusters=[m for m in present if rows[m.pk].adjusts_minutes],
        voting_seats=len(voting),
        voting_present=voting_present + serving_deputies,
    )

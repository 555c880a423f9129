"""State changes of the bodies, their members, meetings and items, and the auditors' report, each
checked, saved and audited in one transaction. Pages and API call these."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samordna.core import audit, permissions
from samordna.funding.services import check_pdf
from samordna.governance.models import (
    AgendaItem,
    Attendance,
    AuditorsReport,
    Body,
    BodyKind,
    BodyMember,
    Meeting,
    MeetingStatus,
)


def _save(actor, obj, subject: str, **details):
    """Check and save a row of the förbund's governance, auditing creation or change."""
    permissions.require(actor, "governance.change", obj.forbund)
    action = f"{subject}.change" if obj.pk else f"{subject}.create"
    obj.full_clean()
    obj.save()
    audit.record(actor, action, obj, **details)
    return obj


def _same_forbund(obj, parent) -> None:
    if parent.forbund_id != obj.forbund_id:
        raise PermissionDenied


@transaction.atomic
def save_body(actor, body: Body) -> Body:
    return _save(actor, body, "body", kind=body.kind)


@transaction.atomic
def save_member(actor, member: BodyMember) -> BodyMember:
    """Add or change a member (a name is no audit detail: the log keeps no names)."""
    _same_forbund(member, member.body)
    return _save(actor, member, "body_member", body=member.body_id, role=member.role)


@transaction.atomic
def save_meeting(actor, meeting: Meeting) -> Meeting:
    _same_forbund(meeting, meeting.body)
    return _save(actor, meeting, "meeting", date=meeting.date.isoformat(), status=meeting.status)


@transaction.atomic
def save_item(actor, item: AgendaItem) -> AgendaItem:
    _same_forbund(item, item.meeting)
    return _save(actor, item, "agenda_item", meeting=item.meeting_id, kind=item.kind)


@transaction.atomic
def record_attendance(actor, meeting: Meeting, *, present, adjusters, others_present="") -> Meeting:
    """Who was present at a held meeting and who adjusts its minutes: members of the body in
    office on the day, the adjusters among those present. Replaces what was recorded before."""
    permissions.require(actor, "governance.change", meeting.forbund)
    if meeting.status != MeetingStatus.HELD:
        raise ValidationError(_("Attendance is recorded once the meeting is held."))
    present, adjusters = set(present), set(adjusters)
    if any(m.body_id != meeting.body_id or not m.serves_on(meeting.date) for m in present):
        raise ValidationError(
            {
                "present": _("Choose members of %(body)s in office on the day.")
                % {"body": meeting.body}
            }
        )
    if not adjusters <= present:
        raise ValidationError({"adjusters": _("Those who adjust the minutes must be present.")})
    meeting.others_present = others_present
    meeting.full_clean()
    meeting.save(update_fields=["others_present"])
    meeting.attendance.all().delete()
    Attendance.objects.bulk_create(
        Attendance(
            forbund=meeting.forbund, meeting=meeting, member=m, adjusts_minutes=m in adjusters
        )
        for m in present
    )
    audit.record(
        actor, "meeting.attendance", meeting, present=len(present), adjusters=len(adjusters)
    )
    return meeting


@transaction.atomic
def record_auditors_report(actor, report: AuditorsReport, auditors, signed_pdf) -> AuditorsReport:
    """Record (or replace) the auditors' report on a year: the auditors who sign it are members
    of one of the förbund's auditor bodies, and the signed report is a PDF."""
    permissions.require(actor, "auditors_report.record", report.forbund)
    auditors = list(auditors)
    _check_auditors(report, auditors)
    if signed_pdf or not report.signed_pdf:
        check_pdf(
            signed_pdf,
            missing=_("Attach the signed auditors' report as a PDF file."),
            unreadable=_(
                "The file is not a readable PDF. Attach the signed auditors' report as a PDF file."
            ),
        )
        report.signed_pdf = signed_pdf
    report.recorded_by = actor
    report.full_clean()
    report.save()
    report.auditors.set(auditors)
    audit.record(
        actor,
        "auditors_report.record",
        report,
        year=report.year,
        recommends_discharge=report.recommends_discharge,
    )
    return report


def _check_auditors(report, auditors) -> None:
    if not auditors:
        raise ValidationError({"auditors": _("Choose the auditors who signed the report.")})
    if any(a.forbund_id != report.forbund_id or a.body.kind != BodyKind.AUDITORS for a in auditors):
        raise ValidationError({"auditors": _("Choose members of the förbund's auditors.")})

"""Pages of the förbund's bodies: members, meetings with their items and minutes, and the
auditors' report on a year."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.core import permissions
from samordna.core.breadcrumbs import trail
from samordna.core.decorators import forbund_required
from samordna.core.http import attachment, posted_data, visible_object
from samordna.core.validation import submit
from samordna.governance import minutes, queries, services
from samordna.governance.breadcrumbs import bodies
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
    BodyMember,
    Meeting,
    MeetingStatus,
)


def _may(request, action: str, obj=None) -> bool:
    return permissions.can(request.user, action, obj or request.forbund)


@forbund_required
def body_list(request):
    permissions.require(request.user, "governance.view", request.forbund)
    bodies = Body.objects.visible_to(request.user).in_forbund(request.forbund)
    today = timezone.localdate()
    context = {
        "bodies": bodies.prefetch_related("members__organisation"),
        "today": today,
        "next_meeting": queries.next_board_meeting(request.user, request.forbund, today),
        "reports": AuditorsReport.objects.visible_to(request.user).in_forbund(request.forbund)
        if _may(request, "auditors_report.view")
        else [],
        "may_change": _may(request, "governance.change"),
        "may_record_report": _may(request, "auditors_report.record"),
    }
    return render(request, "governance/body_list.html", context)


@forbund_required
def body_detail(request, pk):
    body = visible_object(request.user, Body, pk, "governance.view")
    context = {
        "body": body,
        "members": body.members.select_related("organisation"),
        "meetings": body.meetings.all(),
        "today": timezone.localdate(),
        "may_change": _may(request, "governance.change", body),
        "breadcrumbs": trail(body),
    }
    return render(request, "governance/body_detail.html", context)


@forbund_required
def body_create(request):
    permissions.require(request.user, "governance.change", request.forbund)
    return _body_form(request, Body(forbund=request.forbund))


@forbund_required
def body_edit(request, pk):
    return _body_form(request, visible_object(request.user, Body, pk, "governance.change"))


def _body_form(request, body):
    form = BodyForm(posted_data(request), instance=body)
    return _edit(
        request,
        form,
        services.save_body,
        _("The body was saved."),
        lambda saved: ("governance:body", saved.pk),
        (_("New body"), _("Edit the body")),
        about=body if body.pk else bodies(),
    )


@forbund_required
def member_create(request, pk):
    body = visible_object(request.user, Body, pk, "governance.change")
    return _member_form(request, BodyMember(forbund=body.forbund, body=body))


@forbund_required
def member_edit(request, pk):
    return _member_form(request, visible_object(request.user, BodyMember, pk, "governance.change"))


def _member_form(request, member):
    form = MemberForm(posted_data(request), instance=member, user=request.user)
    return _edit(
        request,
        form,
        services.save_member,
        _("The member was saved."),
        lambda saved: ("governance:body", saved.body_id),
        (_("New member"), _("Edit the member")),
        about=member.body,
    )


@forbund_required
def meeting_detail(request, pk):
    meeting = visible_object(request.user, Meeting, pk, "governance.view")
    context = {
        "meeting": meeting,
        "body": meeting.body,
        "rows": queries.item_rows(request.user, meeting),
        "attendance": queries.attendance(meeting),
        "may_change": _may(request, "governance.change", meeting),
        "breadcrumbs": trail(meeting),
    }
    return render(request, "governance/meeting_detail.html", context)


@forbund_required
def attendance_edit(request, pk):
    meeting = visible_object(request.user, Meeting, pk, "governance.change")
    recorded = queries.attendance(meeting)
    form = AttendanceForm(
        posted_data(request),
        members=recorded.present + recorded.absent,
        initial={
            "present": recorded.present,
            "adjusters": recorded.adjusters,
            "others_present": meeting.others_present,
        },
    )
    title = _("Attendance")
    return _submitted(
        request,
        form,
        lambda: services.record_attendance(request.user, meeting, **form.cleaned_data),
        _("The attendance was saved."),
        lambda saved: ("governance:meeting", saved.pk),
        {"form": form, "title": title, "breadcrumbs": trail(meeting, title)},
    )


@forbund_required
def meeting_create(request, pk):
    body = visible_object(request.user, Body, pk, "governance.change")
    return _meeting_form(request, Meeting(forbund=body.forbund, body=body))


@forbund_required
def meeting_edit(request, pk):
    return _meeting_form(request, visible_object(request.user, Meeting, pk, "governance.change"))


def _meeting_form(request, meeting):
    form = MeetingForm(posted_data(request), instance=meeting)
    return _edit(
        request,
        form,
        services.save_meeting,
        _("The meeting was saved."),
        lambda saved: ("governance:meeting", saved.pk),
        (_("New meeting"), _("Edit the meeting")),
        about=meeting if meeting.pk else meeting.body,
    )


@forbund_required
def item_create(request, pk):
    meeting = visible_object(request.user, Meeting, pk, "governance.change")
    return _item_form(request, AgendaItem(forbund=meeting.forbund, meeting=meeting))


@forbund_required
def item_edit(request, pk):
    return _item_form(request, visible_object(request.user, AgendaItem, pk, "governance.change"))


def _item_form(request, item):
    form = AgendaItemForm(posted_data(request), instance=item, user=request.user)
    return _edit(
        request,
        form,
        services.save_item,
        _("The item was saved."),
        lambda saved: ("governance:meeting", saved.meeting_id),
        (_("New item"), _("Edit the item")),
        about=item.meeting,
    )


def _edit(request, form, save, saved_message, detail, titles, about):
    """One governance form: saved through `save` on POST, then back to the page `detail` names
    for the saved row; otherwise the form (with what was typed and why it was refused), in the
    breadcrumbs under `about` (the body or meeting it belongs to)."""
    new_title, edit_title = titles
    title = edit_title if form.instance.pk else new_title
    # Read before the form fills the instance: the trail names what is saved, not what was typed.
    context = {"form": form, "title": title, "breadcrumbs": trail(about, title)}
    return _submitted(
        request, form, lambda: save(request.user, form.instance), saved_message, detail, context
    )


def _submitted(request, form, save, saved_message, detail, context):
    """On POST, the form saved through `save` and back to the page `detail` names for what was
    saved; otherwise, or refused, the form in `context` with what was typed."""
    saved = request.method == "POST" and submit(form, save)
    if saved:
        messages.success(request, saved_message)
        url_name, pk = detail(saved)
        return redirect(url_name, pk=pk)
    return render(request, "governance/form.html", context)


@forbund_required
def minutes_pdf(request, pk):
    meeting = visible_object(request.user, Meeting, pk, "governance.view")
    content = minutes.minutes_pdf(request.user, meeting)
    kind = "protokoll" if meeting.status == MeetingStatus.HELD else "foredragningslista"
    return attachment(content, "application/pdf", f"{kind}-{meeting.date:%Y-%m-%d}.pdf")


@forbund_required
def auditors_report_create(request):
    permissions.require(request.user, "auditors_report.record", request.forbund)
    year = timezone.localdate().year - 1
    return _auditors_report_form(request, AuditorsReport(forbund=request.forbund, year=year))


@forbund_required
def auditors_report_edit(request, pk):
    report = visible_object(request.user, AuditorsReport, pk, "auditors_report.record")
    return _auditors_report_form(request, report)


def _auditors_report_form(request, report):
    form = AuditorsReportForm(
        posted_data(request), request.FILES or None, instance=report, user=request.user
    )
    saved = request.method == "POST" and submit(
        form,
        lambda: services.record_auditors_report(
            request.user,
            form.instance,
            form.cleaned_data["auditors"],
            form.cleaned_data["signed_pdf"],
        ),
    )
    if saved:
        messages.success(request, _("The auditors' report was recorded."))
        return redirect("governance:bodies")
    title = _("The auditors' report")
    context = {"form": form, "title": title, "upload": True, "breadcrumbs": trail(bodies(), title)}
    return render(request, "governance/form.html", context)


@forbund_required
def auditors_report_pdf(request, pk):
    report = visible_object(request.user, AuditorsReport, pk, "auditors_report.view")
    if not report.signed_pdf:
        raise Http404
    filename = f"revisionsberattelse-{report.year}.pdf"
    return FileResponse(report.signed_pdf.open("rb"), as_attachment=True, filename=filename)

"""The reports' work queue: reports falling due, the interventions' reports to accept, and the
accepted ones the board reads."""

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from samordna.core import permissions
from samordna.core.permissions import Role
from samordna.core.queues import MAX_ENTRIES, QueueEntry, QueueItem, queue_provider
from samordna.reports.deadlines import upcoming_deadlines
from samordna.reports.models import PartyReport, PartyReportStatus

# Reports show in the analyst's queue this many days before they fall due.
REPORT_LOOK_AHEAD_DAYS = 30
# The board's queue names the reports accepted within this many days.
ACCEPTED_RECENTLY_DAYS = 90


@queue_provider
def reports_due(user, forbund, today):
    """The analyst writes the förbund's reports (the administrator sees them in the deadline
    panel beside the queue)."""
    if not permissions.has_role(user, forbund, Role.ANALYST):
        return []
    due = upcoming_deadlines(forbund, today, REPORT_LOOK_AHEAD_DAYS)
    entries = [
        QueueEntry(
            _("%(title)s, due %(date)s") % {"title": d.title, "date": d.due.isoformat()},
            reverse("reports:calendar"),
            overdue=d.overdue,
        )
        for d in due[:MAX_ENTRIES]
    ]
    overdue = sum(d.overdue for d in due)
    return [QueueItem(_("Reports due"), len(due), reverse("reports:calendar"), entries, overdue)]


def _party_report_item(title, reports, status) -> QueueItem:
    entries = [
        QueueEntry(str(report), reverse("reports:party_report", args=[report.pk]))
        for report in reports[:MAX_ENTRIES]
    ]
    url = f"{reverse('reports:party_reports')}?status={status}"
    return QueueItem(title, len(reports), url, entries)


@queue_provider
def party_reports(user, forbund, today):
    reports = (
        PartyReport.objects.visible_to(user).in_forbund(forbund).select_related("intervention")
    )
    if permissions.can(user, "party_report.decide", forbund):
        submitted = list(reports.filter(status=PartyReportStatus.SUBMITTED).order_by("pk"))
        title = _("Reports from the interventions to accept")
        return [_party_report_item(title, submitted, PartyReportStatus.SUBMITTED)]
    if permissions.has_role(user, forbund, Role.BOARD):
        since = today - timedelta(days=ACCEPTED_RECENTLY_DAYS)
        accepted = list(
            reports.filter(status=PartyReportStatus.ACCEPTED, decided_on__gte=since).order_by(
                "-decided_on", "-pk"
            )
        )
        title = _("Reports from the interventions accepted lately")
        return [_party_report_item(title, accepted, PartyReportStatus.ACCEPTED)]
    return []

"""The money cycle's work queue: board decisions to prepare, claims to decide and pay, agreements
to sign and reporting duties falling due."""

from datetime import timedelta

from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from samordna.core import permissions
from samordna.core.queues import MAX_ENTRIES, QueueEntry, QueueItem, queue_provider
from samordna.funding import duties
from samordna.funding.models import (
    Agreement,
    ApplicationVersion,
    Claim,
    ClaimStatus,
    Decision,
    ReportingDuty,
)
from samordna.funding.services import REVISABLE_STATUSES
from samordna.interventions.models import Intervention
from samordna.interventions.models import InterventionStatus as S

# A reporting duty shows in the queue this many days before it falls due.
DUTY_LOOK_AHEAD_DAYS = 14
DUTY_LOOK_BACK_DAYS = 365


def awaiting_the_board(user, forbund):
    """Applications submitted or in preparation, and revised budgets submitted after the last
    decision (as `services.revision_pending`, for many interventions in one query)."""
    latest_version = ApplicationVersion.objects.filter(intervention=OuterRef("pk")).order_by(
        "-number"
    )
    latest_decision = Decision.objects.filter(intervention=OuterRef("pk")).order_by(
        "-meeting_date", "-id"
    )
    return (
        Intervention.objects.visible_to(user)
        .in_forbund(forbund)
        .annotate(
            latest_version=Subquery(latest_version.values("pk")[:1]),
            decided_version=Subquery(latest_decision.values("version_id")[:1]),
        )
        .filter(
            Q(status__in=(S.SUBMITTED, S.IN_PREPARATION))
            | Q(status__in=REVISABLE_STATUSES, decided_version__isnull=False)
            & ~Q(latest_version=F("decided_version"))
        )
        .order_by("name", "pk")
    )


def _board_entry(intervention, url_name: str) -> QueueEntry:
    if intervention.status in REVISABLE_STATUSES:
        what = _("%(name)s: revised budget") % {"name": intervention.name}
    else:
        what = _("%(name)s: application") % {"name": intervention.name}
    return QueueEntry(what, reverse(url_name, args=[intervention.pk]))


@queue_provider
def board_decisions(user, forbund, today):
    """The administrator prepares the decisions; the board reads the same cases as its papers."""
    if permissions.can(user, "decision.change", forbund):
        title, url_name = _("Board decisions to prepare"), "funding:decision"
    elif permissions.can(user, "funding.view", forbund) and permissions.has_role(
        user, forbund, permissions.Role.BOARD
    ):
        title, url_name = _("Cases for the board's next meeting"), "funding:overview"
    else:
        return []
    waiting = list(awaiting_the_board(user, forbund))
    entries = [_board_entry(i, url_name) for i in waiting[:MAX_ENTRIES]]
    return [QueueItem(title, len(waiting), reverse("interventions:list"), entries)]


def _claims_item(user, forbund, status, title) -> QueueItem:
    claims = (
        Claim.objects.visible_to(user)
        .in_forbund(forbund)
        .filter(status=status)
        .select_related("intervention", "organisation")
        .order_by("period_start", "pk")
    )
    found = list(claims)
    entries = [
        QueueEntry(
            f"{c.intervention.name}, {c.organisation}, {c.period_start}–{c.period_end}",
            reverse("funding:claim", args=[c.pk]),
        )
        for c in found[:MAX_ENTRIES]
    ]
    return QueueItem(title, len(found), f"{reverse('funding:claims')}?status={status}", entries)


@queue_provider
def claims_to_decide(user, forbund, today):
    if not permissions.can(user, "claim.decide", forbund):
        return []
    return [
        _claims_item(user, forbund, ClaimStatus.SUBMITTED, _("Claims to approve")),
        _claims_item(user, forbund, ClaimStatus.APPROVED, _("Approved claims to pay")),
    ]


@queue_provider
def agreements_to_sign(user, forbund, today):
    if not permissions.can(user, "agreement.change", forbund):
        return []
    unsigned = list(
        Agreement.objects.visible_to(user)
        .in_forbund(forbund)
        .unsigned()
        .select_related("intervention")
        .order_by("period_start", "pk")
    )
    entries = [
        QueueEntry(
            f"{a.intervention.name}: {a.title}",
            reverse("funding:agreement_signatories", args=[a.pk]),
        )
        for a in unsigned[:MAX_ENTRIES]
    ]
    return [
        QueueItem(
            _("Agreements awaiting signature"),
            len(unsigned),
            reverse("interventions:list"),
            entries,
        )
    ]


@queue_provider
def reporting_duties_due(user, forbund, today):
    if not permissions.can(user, "duty.record", forbund):
        return []
    first = today - timedelta(days=DUTY_LOOK_BACK_DAYS)
    last = today + timedelta(days=DUTY_LOOK_AHEAD_DAYS)
    visible = ReportingDuty.objects.visible_to(user).values("pk")
    due = [
        o
        for duty in duties.duties_in_force(forbund, first, last).filter(pk__in=visible)
        for o in duties.occurrences(duty, first, last)
        if o.sent_on is None
    ]
    due.sort(key=lambda o: (o.due, o.duty.pk))
    entries = [
        QueueEntry(
            _("%(intervention)s: %(duty)s, due %(date)s")
            % {
                "intervention": o.duty.agreement.intervention.name,
                "duty": o.duty.get_kind_display(),
                "date": o.due.isoformat(),
            },
            reverse("funding:agreement_duties", args=[o.duty.agreement_id]),
            overdue=o.overdue(today),
        )
        for o in due[:MAX_ENTRIES]
    ]
    overdue = sum(o.overdue(today) for o in due)
    url = reverse("reports:calendar")
    return [QueueItem(_("Reports owed under the agreements"), len(due), url, entries, overdue)]

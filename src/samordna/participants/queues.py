"""The register's work queue: referrals to decide, enrolments past their planned end or past
their participation limit, and the referring case officer's own referrals."""

from django.urls import reverse
from django.utils.translation import gettext as _

from samordna.core import permissions
from samordna.core.permissions import Role
from samordna.core.queues import MAX_ENTRIES, QueueEntry, QueueItem, queue_provider
from samordna.participants import queries
from samordna.participants.choices import ReferralOutcome
from samordna.participants.models import Enrolment, Referral


def _pending_referrals(user, forbund):
    return (
        Referral.objects.visible_to(user)
        .in_forbund(forbund)
        .filter(outcome=ReferralOutcome.PENDING)
        .select_related("intervention")
        .order_by("received_on", "pk")
    )


def _referral_item(title, referrals) -> QueueItem:
    entries = [
        QueueEntry(
            _("%(intervention)s, received %(date)s")
            % {"intervention": r.intervention.name, "date": r.received_on.isoformat()},
            reverse("participants:referral", args=[r.pk]),
        )
        for r in referrals[:MAX_ENTRIES]
    ]
    url = f"{reverse('participants:referrals')}?utfall={ReferralOutcome.PENDING}"
    return QueueItem(title, len(referrals), url, entries)


@queue_provider
def referrals_to_decide(user, forbund, today):
    if permissions.can(user, "referral.decide", forbund):
        return [_referral_item(_("Referrals to decide"), list(_pending_referrals(user, forbund)))]
    if permissions.has_role(user, forbund, Role.REFERRER):
        mine = list(_pending_referrals(user, forbund).filter(referred_by=user))
        return [_referral_item(_("Your referrals awaiting a decision"), mine)]
    return []


@queue_provider
def enrolments_to_end(user, forbund, today):
    """Ongoing enrolments whose planned end has passed: end them or move the planned end."""
    if not permissions.can(user, "participant.change", forbund):
        return []
    late = list(
        Enrolment.objects.visible_to(user)
        .in_forbund(forbund)
        .ongoing()
        .filter(planned_end__lt=today)
        .select_related("participant", "intervention")
        .order_by("planned_end", "pk")
    )
    entries = [
        QueueEntry(
            _("%(code)s in %(intervention)s, planned end %(date)s")
            % {
                "code": e.participant.code,
                "intervention": e.intervention.name,
                "date": e.planned_end.isoformat(),
            },
            reverse("participants:enrolment", args=[e.pk]),
            overdue=True,
        )
        for e in late[:MAX_ENTRIES]
    ]
    url = f"{reverse('participants:list')}?lage=forsenad"
    return [QueueItem(_("Enrolments past their planned end"), len(late), url, entries, len(late))]


@queue_provider
def enrolments_past_limit(user, forbund, today):
    """Ongoing enrolments past their participation limit: each ends only with a reason."""
    if not permissions.can(user, "participant.change", forbund):
        return []
    overdue = list(queries.overdue_enrolments(user, forbund, today))
    entries = [
        QueueEntry(
            _("%(code)s in %(intervention)s, limit reached %(date)s")
            % {
                "code": e.participant.code,
                "intervention": e.intervention.name,
                "date": e.limit_ends_on.isoformat(),
            },
            reverse("participants:enrolment", args=[e.pk]),
            overdue=True,
        )
        for e in overdue[:MAX_ENTRIES]
    ]
    title = _("Enrolments past their participation limit")
    url = reverse("participants:overdue")
    return [QueueItem(title, len(overdue), url, entries, len(overdue))]


@queue_provider
def enrolments_missing_end_variables(user, forbund, today):
    """Enrolments ended with their intervention, whose situation at the end nobody recorded."""
    if not permissions.can(user, "participant.change", forbund):
        return []
    missing = list(
        Enrolment.objects.visible_to(user)
        .in_forbund(forbund)
        .missing_end_variables()
        .select_related("participant", "intervention")
        .order_by("end_date", "pk")
    )
    entries = [
        QueueEntry(
            _("%(code)s in %(intervention)s, ended %(date)s")
            % {
                "code": e.participant.code,
                "intervention": e.intervention.name,
                "date": e.end_date.isoformat(),
            },
            reverse("participants:final_situation", args=[e.pk]),
        )
        for e in missing[:MAX_ENTRIES]
    ]
    title = _("Ended enrolments missing the situation at the end")
    url = f"{reverse('participants:list')}?lage=saknar-avslutslage"
    return [QueueItem(title, len(missing), url, entries)]

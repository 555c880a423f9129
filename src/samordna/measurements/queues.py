"""The measurements' work queue: assessments due within two weeks or overdue (the due list)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from samordna.core import permissions
from samordna.core.queues import MAX_ENTRIES, QueueEntry, QueueItem, queue_provider
from samordna.measurements import services
from samordna.measurements.models import Assessment
from samordna.participants.models import Enrolment


@queue_provider
def assessments_due(user, forbund, today):
    if not permissions.can(user, "assessment.change", forbund):
        return []
    enrolments = (
        Enrolment.objects.visible_to(user)
        .in_forbund(forbund)
        .ongoing()
        .select_related("participant", "intervention")
    )
    due = services.due_assessments(user, enrolments, Assessment.objects.visible_to(user), today)
    entries = [
        QueueEntry(
            _("%(code)s: %(instrument)s, %(occasion)s, due %(date)s")
            % {
                "code": d.enrolment.participant.code,
                "instrument": d.instrument.name,
                "occasion": d.occasion_label.lower(),
                "date": d.due.isoformat(),
            },
            reverse("measurements:enrolment", args=[d.enrolment.pk]),
            overdue=d.due < today,
        )
        for d in due[:MAX_ENTRIES]
    ]
    overdue = sum(d.due < today for d in due)
    return [
        QueueItem(_("Measurements due"), len(due), reverse("measurements:due"), entries, overdue)
    ]

"""Scope rule for the reports from the interventions: the förbund's administrators, analysts and
auditors read them all, staff those of the interventions they work in, the board the accepted
ones (what the förbund has stood behind)."""

from django.db.models import Q

from samordna.core.permissions import Role, forbund_ids, scope_rule
from samordna.interventions.scopes import staffed_interventions


@scope_rule("reports.partyreport")
def _party_reports(queryset, user):
    readers = forbund_ids(user, {Role.ADMIN, Role.ANALYST, Role.AUDITOR})
    board = forbund_ids(user, {Role.BOARD})
    return queryset.filter(forbund_id__in=forbund_ids(user)).filter(
        Q(forbund_id__in=readers)
        | Q(forbund_id__in=board, status="accepted")
        | Q(intervention__in=staffed_interventions(user))
    )

"""Scope rules for follow-ups after the end (personal data), registered on start-up."""

from samordna.core.permissions import scope_rule
from samordna.interventions.scopes import pseudonymous_or_staffed


@scope_rule("goals.followup")
def _follow_up_rows(queryset, user):
    return pseudonymous_or_staffed(queryset, user, "enrolment__intervention")

"""Scope rules for assessments (personal data), registered with the policy module on start-up."""

from samordna.core.permissions import scope_rule
from samordna.interventions.scopes import pseudonymous_or_staffed


@scope_rule("measurements.assessment")
def _assessment_rows(queryset, user):
    return pseudonymous_or_staffed(queryset, user, "enrolment__intervention")


@scope_rule("measurements.score")
def _score_rows(queryset, user):
    return pseudonymous_or_staffed(queryset, user, "assessment__enrolment__intervention")


@scope_rule("measurements.verdict")
def _verdict_rows(queryset, user):
    return pseudonymous_or_staffed(queryset, user, "enrolment__intervention")

"""Who sees what of an intervention's work: the rule the apps built on interventions share.

Rows about an intervention's participants are seen by the förbund's pseudonymous readers
(administrators, analysts, auditors; the board only counts them in reports) and by the staff on
that intervention's team now. A member who is only staff sees only the interventions they are on.
"""

from django.db.models import Q

from samordna.core.permissions import (
    ALL_ROLES,
    Role,
    forbund_ids,
    forget_for_request,
    memberships,
    once_per_request,
    pseudonymous_reader_forbunds,
    rows_of_forbund_or,
    scope_rule,
)
from samordna.interventions.models import TeamMember


def current_teams(user):
    """The interventions whose team the user is on now, as a subquery of primary keys."""
    staff_ids = [m.pk for m in memberships(user) if m.role == Role.STAFF]
    return TeamMember.objects.current().filter(membership__in=staff_ids).values("intervention")


def staffed_interventions(user) -> list[int]:
    """The same interventions' keys, read once per request.

    A list rather than a subquery: PostgreSQL estimates `intervention_id IN (1, 2, 3)` from its
    statistics of each intervention's rows (with the förbund's, migration
    participants/0009), where for the subquery it guessed a hundred enrolments of a staff
    member's three interventions when thirteen thousand came, and so read all of them, with
    their participants, to sort out one page of fifty (docs/benchmarks.md)."""
    if not any(m.role == Role.STAFF for m in memberships(user)):
        return []
    return once_per_request(
        ("staffed_interventions", user.pk),
        lambda: sorted(set(current_teams(user).values_list("intervention", flat=True))),
    )


def forget_staffed_interventions(sender, **kwargs) -> None:
    """A team place given or ended shows in the same request's later reads too."""
    forget_for_request()


@scope_rule("interventions.intervention")
def _intervention_rows(queryset, user):
    return of_visible_interventions(queryset, user, "pk")


def of_visible_interventions(queryset, user, intervention_path: str):
    """`queryset` narrowed to rows of the interventions the user sees: every one of the förbund
    where the user has a role besides staff, else those whose team the user is on now. For rows
    about an intervention's money and plans, reached by `intervention_path`."""
    every_intervention = forbund_ids(user, ALL_ROLES - {Role.STAFF})
    return rows_of_forbund_or(queryset, user, every_intervention, _staffed(user, intervention_path))


def pseudonymous_or_staffed(queryset, user, intervention_path: str):
    """`queryset` narrowed to the förbund's pseudonymous readers and the staff of the
    intervention reached by `intervention_path` (e.g. "enrolment__intervention")."""
    readers = pseudonymous_reader_forbunds(user)
    return rows_of_forbund_or(queryset, user, readers, _staffed(user, intervention_path))


def _staffed(user, intervention_path: str) -> Q | None:
    staffed = staffed_interventions(user)
    return Q(**{f"{intervention_path}__in": staffed}) if staffed else None

"""Who sees what of an intervention's work: the rule the apps built on interventions share.

Rows about an intervention's participants are seen by the förbund's pseudonymous readers
(administrators, analysts, auditors; the board only counts them in reports) and by the staff who work in that intervention.
"""

from django.db.models import Q

from samordna.core.permissions import Role, forbund_ids, memberships, pseudonymous_reader_forbunds
from samordna.interventions.models import Intervention


def staffed_interventions(user):
    """The interventions the user works in as staff, as a subquery of primary keys."""
    staff_ids = [m.pk for m in memberships(user) if m.role == Role.STAFF]
    return Intervention.objects.filter(staff__in=staff_ids).values("pk")


def pseudonymous_or_staffed(queryset, user, intervention_path: str):
    """`queryset` narrowed to the förbund's pseudonymous readers and the staff of the
    intervention reached by `intervention_path` (e.g. "enrolment__intervention")."""
    readers = pseudonymous_reader_forbunds(user)
    staffed = {f"{intervention_path}__in": staffed_interventions(user)}
    return queryset.filter(forbund_id__in=forbund_ids(user)).filter(
        Q(forbund_id__in=readers) | Q(**staffed)
    )

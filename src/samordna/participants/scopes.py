"""Scope rules for the pseudonymous register, registered with the policy module on start-up.

Identities only for staff of the registering organisation; the rest by intervention.
"""

from django.db.models import Exists, OuterRef, Q

from samordna.core.permissions import (
    RULES,
    Role,
    forbund_ids,
    memberships,
    pseudonymous_reader_forbunds,
    rows_of_forbund_or,
    scope_rule,
)
from samordna.interventions.scopes import (
    current_teams,
    pseudonymous_or_staffed,
    staffed_interventions,
)
from samordna.participants.models import Enrolment


def _registering_organisations(user) -> list[int]:
    return [
        m.organisation_id for m in memberships(user) if m.role == Role.STAFF and m.organisation_id
    ]


@scope_rule("participants.participant")
def _participant_rows(queryset, user):
    return _of_visible_people(queryset, user, "pk")


def _of_visible_people(queryset, user, person: str):
    """Rows about the people the user sees, the person reached by `person` ("pk" for people
    themselves): every person of a reader's förbund, else those enrolled in an intervention the
    user is on the team of, and those their organisation registered."""
    staffed = staffed_interventions(user)
    organisations = _registering_organisations(user)
    registered_by = (
        "registered_by_organisation" if person == "pk" else f"{person}__registered_by_organisation"
    )
    return rows_of_forbund_or(
        queryset,
        user,
        pseudonymous_reader_forbunds(user),
        _enrolled_in(user, staffed, person) if staffed else None,
        Q(**{f"{registered_by}__in": organisations}) if organisations else None,
    )


def _enrolled_in(user, interventions: list[int], person: str) -> Q:
    # EXISTS asks about each person's own enrolments (an index probe on one person's page);
    # `pk IN (the enrolments of the staffed interventions)` read all of them, thousands, for
    # every page. The database still hashes them when it scans many people.
    enrolments = Enrolment.objects.unrestricted().filter(
        forbund_id__in=forbund_ids(user),
        intervention__in=interventions,
        participant=OuterRef(person),
    )
    return Q(Exists(enrolments))


@scope_rule("participants.identity")
def _identity_rows(queryset, user):
    staff = [m for m in memberships(user) if m.role == Role.STAFF and m.organisation_id]
    query = Q(pk__in=[])
    for m in staff:
        query |= Q(forbund_id=m.forbund_id, registered_by_organisation_id=m.organisation_id)
    return queryset.filter(query)


@scope_rule("participants.referral")
def _referral_rows(queryset, user):
    # The team as a subquery here, not staffed_interventions' list: beside the OR of the user's
    # own referrals PostgreSQL cannot use the förbund–intervention statistics, and took a list
    # for a few hundred rows, where the subquery's guess comes near the real thousands and it
    # walks the list's index in order instead of sorting them all (docs/benchmarks.md).
    return rows_of_forbund_or(
        queryset,
        user,
        pseudonymous_reader_forbunds(user),
        Q(intervention__in=current_teams(user)),
        Q(referred_by=user),
    )


@scope_rule("participants.enrolment")
def _enrolment_rows(queryset, user):
    return pseudonymous_or_staffed(queryset, user, "intervention")


@scope_rule("participants.eligibilitycheck")
def _eligibility_rows(queryset, user):
    return pseudonymous_or_staffed(queryset, user, "intervention")


@scope_rule("participants.consent")
def _consent_rows(queryset, user):
    # The person's rule on the consent's own förbund (always the person's) and person: a
    # subquery of the visible people made it the dearest query of the person's page to build.
    return _of_visible_people(queryset, user, "participant")


@scope_rule("participants.importjob")
def _import_job_rows(queryset, user):
    """An import job holds a file's names and personnummer: only its uploader sees it."""
    importing = forbund_ids(user, RULES["participant.import"])
    return queryset.filter(forbund_id__in=importing, uploaded_by=user)


@scope_rule("participants.plan")
def _plan_rows(queryset, user):
    return pseudonymous_or_staffed(queryset, user, "enrolment__intervention")


@scope_rule("participants.planitem")
def _plan_item_rows(queryset, user):
    return pseudonymous_or_staffed(queryset, user, "plan__enrolment__intervention")

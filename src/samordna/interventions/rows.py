"""What each row of the interventions list shows, built once per page in Python (as the
register's lists do, participants.rows): a template node per cell, a {% url %} per row and the
parties read for each owner cost more than the page's own queries."""

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.formats import localize

from samordna.core.lists import labels, row_link
from samordna.interventions.models import (
    InterventionKind,
    InterventionParty,
    InterventionStatus,
    PartyRole,
)

COLUMNS = ("forbund_id", "name", "kind", "status", "planned_start", "planned_end")


def for_the_list(interventions: QuerySet) -> QuerySet:
    """The columns the list shows, and the name of each one's owner (the one party whose role
    is owner) read in the same query instead of every party and organisation after it."""
    owners = InterventionParty.objects.filter(
        intervention=OuterRef("pk"), role=PartyRole.OWNER
    ).order_by()[:1]
    return interventions.only(*COLUMNS).annotate(
        owner_name=Subquery(owners.values("organisation__name"))
    )


def intervention_rows(interventions) -> list[dict]:
    """Name (linked to the intervention), owner, kind, planned period and status."""
    link = row_link("interventions:detail")
    kinds, statuses = labels(InterventionKind.choices), labels(InterventionStatus.choices)
    return [
        {
            "link": link(i.pk),
            "name": i.name,
            "owner": i.owner_name or "–",
            "kind": kinds.get(i.kind, i.kind),
            "period": f"{_day(i.planned_start)} – {_day(i.planned_end)}",
            "status": statuses.get(i.status, i.status),
        }
        for i in interventions
    ]


def _day(value) -> str:
    """A planned date as the pages write dates, or "?" while it is open."""
    return localize(value) if value else "?"

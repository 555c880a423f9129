"""Search, filters and sorting of the interventions list (django-filter), always on top of
`visible_to(user)`: a filter narrows what the user may see, never widens it."""

import django_filters as filters
from django.db.models import Max, Min, Q
from django.utils.translation import gettext_lazy as _

from samordna.core.lists import SortFilter
from samordna.interventions.models import Intervention, InterventionKind, InterventionStatus


class InterventionFilter(filters.FilterSet):
    q = filters.CharFilter(label=_("Search (name or party)"), method="search")
    status = filters.ChoiceFilter(
        label=_("Status"), choices=InterventionStatus.choices, empty_label=_("All")
    )
    kind = filters.ChoiceFilter(
        label=_("Kind"), choices=InterventionKind.choices, empty_label=_("All")
    )
    year = filters.ChoiceFilter(
        label=_("Running in year"), empty_label=_("All"), method="running_in"
    )
    ordering = SortFilter(
        label=_("Sort by"),
        empty_label=_("Name"),
        fields=(("name", "name"), ("planned_start", "period")),
        field_labels={"name": _("Name"), "period": _("Period")},
    )

    class Meta:
        model = Intervention
        fields: list[str] = []

    def __init__(self, data, queryset):
        super().__init__(data, queryset)
        self.filters["year"].extra["choices"] = _years(queryset)

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(name__icontains=value) | Q(parties__organisation__name__icontains=value)
        ).distinct()

    def running_in(self, queryset, name, value):
        """Planned to run some time in the year (an open start or end counts as running)."""
        year = int(value)
        return queryset.filter(
            Q(planned_start__year__lte=year) | Q(planned_start__isnull=True),
            Q(planned_end__year__gte=year) | Q(planned_end__isnull=True),
        )


def _years(interventions) -> list[tuple[str, int]]:
    """Every year some intervention of the list is planned to run, newest first."""
    span = interventions.aggregate(first=Min("planned_start__year"), last=Max("planned_end__year"))
    first = span["first"] or span["last"]
    last = span["last"] or first
    return [(str(year), year) for year in range(last, first - 1, -1)] if first else []

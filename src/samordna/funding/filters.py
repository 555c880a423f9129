"""Search, filters and sorting of the claims list (django-filter), always on top of
`visible_to(user)`: a filter narrows what the user may see, never widens it."""

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samordna.core.lists import SortFilter
from samordna.funding.models import Claim, ClaimStatus
from samordna.interventions.models import Intervention


class ClaimFilter(filters.FilterSet):
    q = filters.CharFilter(label=_("Search"), method="search")
    status = filters.ChoiceFilter(
        label=_("Status"), choices=ClaimStatus.choices, empty_label=_("All")
    )
    intervention = filters.ModelChoiceFilter(
        label=_("Intervention"), queryset=Intervention.objects.none(), empty_label=_("All")
    )
    ordering = SortFilter(
        label=_("Sort by"),
        empty_label=_("Newest period first"),
        fields=(("period_start", "period"), ("total", "amount"), ("intervention__name", "name")),
        field_labels={
            "period": _("Period"),
            "amount": _("Amount"),
            "name": _("Intervention"),
        },
    )

    class Meta:
        model = Claim
        fields: list[str] = []

    def __init__(self, data, queryset, *, user, forbund):
        super().__init__(data, queryset)
        interventions = Intervention.objects.visible_to(user).in_forbund(forbund)
        self.filters["intervention"].queryset = interventions

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(intervention__name__icontains=value) | Q(organisation__name__icontains=value)
        )

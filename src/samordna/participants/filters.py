"""Filters of the register's lists (django-filter), always on top of `visible_to(user)`: a
filter narrows what the user may see, never widens it. The parameters keep the Swedish names
the lists already use (insats, sida)."""

import django_filters as filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.core.lists import SortFilter
from samordna.interventions.models import Intervention
from samordna.participants.choices import ReferralOutcome
from samordna.participants.models import Enrolment, Referral

SITUATIONS = (
    ("pagaende", _("Ongoing")),
    ("forsenad", _("Past the planned end")),
    ("avslutad", _("Ended")),
    ("saknar-avslutslage", _("Ended, situation at the end missing")),
)


class EnrolmentFilter(filters.FilterSet):
    q = filters.CharFilter(
        field_name="participant__code", lookup_expr="icontains", label=_("Person code")
    )
    insats = filters.ModelChoiceFilter(
        field_name="intervention",
        label=_("Intervention"),
        queryset=Intervention.objects.none(),
        empty_label=_("All"),
    )
    lage = filters.ChoiceFilter(
        label=_("Situation"), choices=SITUATIONS, empty_label=_("All"), method="situation"
    )
    ordering = SortFilter(
        label=_("Sort by"),
        empty_label=_("Newest start first"),
        fields=(("start", "start"), ("planned_end", "planned_end")),
        field_labels={"start": _("Start"), "planned_end": _("Planned end")},
    )

    class Meta:
        model = Enrolment
        fields: list[str] = []

    def __init__(self, data, queryset, *, interventions):
        super().__init__(data, queryset)
        self.filters["insats"].queryset = interventions

    def situation(self, queryset, name, value):
        match value:
            case "avslutad":
                return queryset.ended()
            case "saknar-avslutslage":
                return queryset.missing_end_variables()
            case "forsenad":
                return queryset.ongoing().filter(planned_end__lt=timezone.localdate())
        return queryset.ongoing()


class ReferralFilter(filters.FilterSet):
    utfall = filters.ChoiceFilter(
        field_name="outcome",
        label=_("Outcome"),
        choices=ReferralOutcome.choices,
        empty_label=_("All"),
    )

    class Meta:
        model = Referral
        fields: list[str] = []

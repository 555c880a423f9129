"""Filters of the register's lists (django-filter), always on top of `visible_to(user)`: a
filter narrows what the user may see, never widens it. The parameters keep the Swedish names
the lists already use (insats, sida)."""

import django_filters as filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.participants.choices import ReferralOutcome
from samordna.participants.models import Enrolment, Referral

SITUATIONS = (
    ("pagaende", _("Ongoing")),
    ("forsenad", _("Past the planned end")),
    ("avslutad", _("Ended")),
)


class EnrolmentFilter(filters.FilterSet):
    lage = filters.ChoiceFilter(
        label=_("Situation"), choices=SITUATIONS, empty_label=_("All"), method="situation"
    )

    class Meta:
        model = Enrolment
        fields: list[str] = []

    def situation(self, queryset, name, value):
        if value == "avslutad":
            return queryset.ended()
        ongoing = queryset.ongoing()
        return (
            ongoing.filter(planned_end__lt=timezone.localdate()) if value == "forsenad" else ongoing
        )


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

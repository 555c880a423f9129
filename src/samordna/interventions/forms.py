"""Forms for an intervention's application, its parties and phases, staffing, team and methods."""

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from samordna.accounts.models import Membership
from samordna.core.permissions import Role
from samordna.interventions.models import (
    Criterion,
    Exclusion,
    Intervention,
    InterventionParty,
    InterventionPhase,
    Method,
    StaffingLine,
    TargetSubGroup,
)
from samordna.interventions.services import check_parties
from samordna.organisations.models import Municipality, Organisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def limit_choices(form: forms.BaseForm, name: str, queryset) -> None:
    """Offer only `queryset` in the choice field `name` (the förbund's own rows)."""
    cast(forms.ModelChoiceField, form.fields[name]).queryset = queryset


def label_choices(field: forms.Field, label: Callable[[Any], str]) -> None:
    """Name each choice of the model choice `field` as `label(obj)` does, where the field is
    declared or generated as a plain ModelChoiceField rather than a subclass."""
    # The stubs see only the method; Django calls whatever the instance holds.
    field.label_from_instance = label  # type: ignore[attr-defined]


class InterventionForm(forms.ModelForm):
    exclusions = forms.MultipleChoiceField(
        label=_("exclusions"),
        choices=Exclusion.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    inclusion_criteria = forms.MultipleChoiceField(
        label=_("inclusion criteria"),
        help_text=_("The person meets at least one of those ticked."),
        choices=Criterion.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Intervention
        fields = [
            "name",
            "kind",
            "follow_up_method",
            "planned_start",
            "planned_end",
            "budgeted_participants",
            "places",
            "purpose",
            "effect_goals",
            "intervention_goals",
            "background",
            "methods",
            "min_age",
            "max_age",
            "priority_group",
            "target_municipalities",
            "exclusions",
            "requires_two_authorities",
            "high_risk_alternative",
            "inclusion_criteria",
            "min_enrolment_amount",
            "max_enrolment_amount",
            "max_enrolment_unit",
            "introduction_weeks",
            "target_group_text",
            "follow_up_plan",
            "implementation_plan",
            "anchored_in_local_group",
            "anchoring_comment",
        ]
        widgets = {
            "planned_start": DATE,
            "planned_end": DATE,
            "methods": forms.CheckboxSelectMultiple,
            "target_municipalities": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.forbund = forbund
        chosen = Q(pk__in=self.instance.methods.all()) if self.instance.pk else Q()
        limit_choices(
            self, "methods", Method.objects.filter(Q(is_active=True) | chosen, forbund=forbund)
        )
        limit_choices(self, "target_municipalities", Municipality.objects.filter(forbund=forbund))

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("planned_start"), cleaned.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("The planned end comes before the planned start."))
        low, high = cleaned.get("min_age"), cleaned.get("max_age")
        if low is not None and high is not None and high < low:
            self.add_error("max_age", _("The maximum age is below the minimum age."))
        return cleaned


class ForbundChildForm(forms.ModelForm):
    """A row of a formset whose organisation choices are the förbund's own."""

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.forbund = forbund
        if "organisation" in self.fields:
            limit_choices(self, "organisation", Organisation.objects.filter(forbund=forbund))


class PartyForm(ForbundChildForm):
    class Meta:
        model = InterventionParty
        fields = ["organisation", "role", "contact_name", "contact_email"]


class BasePartyFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        parties = [
            form.instance
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("organisation")
        ]
        try:
            check_parties(parties)
        except ValidationError as error:
            raise ValidationError(error.messages) from error


PartyFormSet = inlineformset_factory(
    Intervention,
    InterventionParty,
    form=PartyForm,
    formset=BasePartyFormSet,
    extra=3,
    can_delete=True,
)


class PhaseForm(ForbundChildForm):
    class Meta:
        model = InterventionPhase
        fields = ["name", "start", "end", "description"]
        widgets = {"start": DATE, "end": DATE, "description": forms.TextInput}

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", _("The phase ends before it starts."))
        return cleaned


PhaseFormSet = inlineformset_factory(
    Intervention, InterventionPhase, form=PhaseForm, extra=2, can_delete=True
)


class StaffingLineForm(ForbundChildForm):
    class Meta:
        model = StaffingLine
        fields = [
            "year",
            "organisation",
            "municipality",
            "role_description",
            "full_time_equivalents",
            "funded",
        ]

    def __init__(self, *args, intervention, **kwargs):
        super().__init__(*args, forbund=intervention.forbund, **kwargs)
        self.instance.intervention = intervention
        limit_choices(
            self, "municipality", Municipality.objects.filter(forbund=intervention.forbund)
        )

    def clean_full_time_equivalents(self):
        value = self.cleaned_data["full_time_equivalents"]
        if value <= 0:
            raise ValidationError(_("Enter more than zero full-time equivalents."))
        return value


class MethodForm(forms.ModelForm):
    class Meta:
        model = Method
        fields = ["name", "description", "is_active"]

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.forbund = forbund
        if not self.instance.pk:
            del self.fields["is_active"]  # a new method is in use


class TeamMemberForm(forms.Form):
    """Choose one of the förbund's intervention staff who is not on the team yet."""

    membership = forms.ModelChoiceField(label=_("Staff member"), queryset=Membership.objects.none())

    def __init__(self, *args, intervention, **kwargs):
        super().__init__(*args, **kwargs)
        on_team = intervention.team.current().values("membership")
        choices = Membership.objects.filter(forbund=intervention.forbund, role=Role.STAFF)
        field = cast(forms.ModelChoiceField, self.fields["membership"])
        field.queryset = choices.exclude(pk__in=on_team).select_related("user", "organisation")
        label_choices(field, _staff_label)


def _staff_label(membership) -> str:
    employer = membership.organisation or membership.forbund
    return f"{membership.user.display_name} ({employer})"


class SubGroupForm(forms.ModelForm):
    class Meta:
        model = TargetSubGroup
        fields = ["name", "min_age", "max_age", "gender", "priority"]

    def __init__(self, *args, intervention, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.intervention = intervention
        self.instance.forbund = intervention.forbund

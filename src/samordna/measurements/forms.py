"""Forms for instruments (definition and items) and for recording an assessment."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.measurements.models import (
    AssessmentOccasion,
    Instrument,
    InstrumentVersion,
    Respondent,
)
from samordna.measurements.services import VERSION_FIELDS


class InstrumentForm(forms.ModelForm):
    class Meta:
        model = Instrument
        fields = ["name", "description", "interval_months", "interventions"]
        widgets = {"interventions": forms.CheckboxSelectMultiple}

    def __init__(self, *args, interventions, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["interventions"]).queryset = interventions


class VersionForm(forms.ModelForm):
    class Meta:
        model = InstrumentVersion
        fields = list(VERSION_FIELDS)

    def clean(self):
        super().clean()
        low, high = self.cleaned_data.get("scale_min"), self.cleaned_data.get("scale_max")
        if low is not None and high is not None and high <= low:
            self.add_error("scale_max", _("The highest value must be above the lowest."))
        return self.cleaned_data

    def definition(self) -> dict:
        return {name: self.cleaned_data[name] for name in VERSION_FIELDS}

    @staticmethod
    def initial_for(version: InstrumentVersion | None) -> dict:
        if version is None:
            return {}
        return {name: getattr(version, name) for name in VERSION_FIELDS}


class ItemForm(forms.Form):
    respondent = forms.ChoiceField(label=_("Answered by"), choices=Respondent.choices)
    code = forms.SlugField(label=_("Code"), max_length=40, required=False)
    area = forms.CharField(label=_("Indicator area"), max_length=80, required=False)
    text = forms.CharField(label=_("Statement"), max_length=500, required=False)

    def clean(self):
        data = self.cleaned_data
        if data.get("text") and not (data.get("code") and data.get("area")):
            raise forms.ValidationError(_("An item with a statement needs a code and an area."))
        return data


ItemFormSet = forms.formset_factory(ItemForm, extra=3)


class AssessmentForm(forms.Form):
    """Date, occasion and one value per item of the chosen respondent."""

    assessed_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    occasion = forms.ChoiceField(label=_("Occasion"), choices=AssessmentOccasion.choices)

    def __init__(self, *args, version: InstrumentVersion, respondent: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(version.items_for(respondent))
        scale = [(v, str(v)) for v in range(version.scale_min, version.scale_max + 1)]
        for item in self.items:
            self.fields[f"item{item.pk}"] = forms.TypedChoiceField(
                label=f"{item.area}: {item.text}",
                choices=scale,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose a value.")},
            )

    def values(self) -> dict[int, int]:
        return {item.pk: self.cleaned_data[f"item{item.pk}"] for item in self.items}

    def item_fields(self):
        return [self[f"item{item.pk}"] for item in self.items]

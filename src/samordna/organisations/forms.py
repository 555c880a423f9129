"""Forms for the förbund and its organisations."""

from typing import cast

from django import forms

from samordna.organisations.models import Forbund, Municipality, Organisation


class ForbundForm(forms.ModelForm):
    class Meta:
        model = Forbund
        fields = ["name", "organisation_number", "municipalities", "shares_national_statistics"]
        widgets = {"municipalities": forms.SelectMultiple(attrs={"size": 12})}


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "organisation_number", "municipality", "is_member"]

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.forbund = forbund
        municipality = cast(forms.ModelChoiceField, self.fields["municipality"])
        municipality.queryset = Municipality.objects.filter(forbund=forbund)

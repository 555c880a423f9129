"""The report filter form (period, interventions, municipality, organisation), the settings
form and the narrative form."""

from datetime import date
from typing import cast

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from samordna.interventions.forms import label_choices
from samordna.organisations.models import Organisation
from samordna.reports import national_statistics
from samordna.reports.models import PartyReport, PartyReportKind, ReportSettings
from samordna.reports.scope import JANUARY_AUGUST, ReportPeriod, ReportScope
from samordna.reports.services import resolve_part

PART_CHOICES = [
    ("year", _("Whole year")),
    ("t1", _("Tertial 1 (January–April)")),
    ("t2", _("Tertial 2 (May–August)")),
    ("t3", _("Tertial 3 (September–December)")),
    ("h1", _("Half-year 1 (January–June)")),
    ("h2", _("Half-year 2 (July–December)")),
    (JANUARY_AUGUST, _("January–August")),
]


class ReportFilterForm(forms.Form):
    """Filters read from the query string, so a report's address can be bookmarked and shared."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    part = forms.ChoiceField(label=_("Period"), choices=PART_CHOICES)
    interventions: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Interventions"),
        queryset=None,
        required=False,
        help_text=_("None chosen: every intervention you may see."),
    )
    municipality: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Home municipality"), queryset=None, required=False, empty_label=_("All")
    )
    organisation: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Organisation (party of the intervention)"),
        queryset=None,
        required=False,
        empty_label=_("All"),
    )

    def __init__(self, data, *, user, forbund, default_part: str = "year"):
        data = data.copy() if data else {}
        data.setdefault("year", str(date.today().year))
        data.setdefault("part", resolve_part(default_part, forbund))
        super().__init__(data)
        self.user, self.forbund = user, forbund
        scope = ReportScope(user, forbund, ReportPeriod(date.today().year, "year"))
        _choices(self, "interventions").queryset = scope.interventions()
        _choices(self, "municipality").queryset = forbund.municipalities.order_by("name")
        _choices(self, "organisation").queryset = Organisation.objects.visible_to(user).in_forbund(
            forbund
        )

    def scope(self) -> ReportScope:
        data = self.cleaned_data
        return ReportScope(
            user=self.user,
            forbund=self.forbund,
            period=ReportPeriod(data["year"], data["part"]),
            intervention_ids=tuple(i.pk for i in data["interventions"]),
            municipality=data["municipality"],
            organisation=data["organisation"],
        )

    def described(self) -> dict:
        """The chosen filters in words, for the audit log and the top of every export."""
        data = self.cleaned_data
        return {
            "period": str(ReportPeriod(data["year"], data["part"])),
            "interventions": ", ".join(str(i) for i in data["interventions"]),
            "municipality": str(data["municipality"] or ""),
            "organisation": str(data["organisation"] or ""),
        }


def _choices(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


class ReportSettingsForm(forms.ModelForm):
    class Meta:
        model = ReportSettings
        fields = [
            "small_cell_threshold",
            "perturbation_table",
            "interim_rhythm",
            "interim_due_days",
            "annual_statistics_due_month",
            "annual_statistics_due_day",
        ]


class NarrativeForm(forms.Form):
    text = forms.CharField(
        label=_("Narrative (verksamhetsberättelse)"),
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        max_length=20000,
    )


class NationalResponsibleForm(forms.Form):
    responsible: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Responsible for entering"), queryset=None, required=False
    )

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        members = get_user_model().objects.filter(memberships__forbund=forbund).distinct()
        field = cast(forms.ModelChoiceField, self.fields["responsible"])
        field.queryset = members.order_by("first_name", "last_name", "username")
        label_choices(field, lambda user: user.get_full_name() or user.get_username())


class NationalEnteredForm(forms.Form):
    entered_on = forms.DateField(
        label=_("Entered on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class PeriodReportForm(forms.ModelForm):
    """The team's report for a period: the status of the work, results, budget."""

    kind = PartyReportKind.PERIOD
    part = forms.ChoiceField(label=_("Period"), choices=PART_CHOICES)

    class Meta:
        model = PartyReport
        fields = ["intervention", "year", "part", "situation", "results", "budget"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 6}) for name in ("situation", "results", "budget")
        }

    def __init__(self, *args, interventions, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.kind = self.kind
        _choices(self, "intervention").queryset = interventions
        self.fields["year"].initial = date.today().year
        self.fields["year"].validators.append(MinValueValidator(2000))


class ChangeReportForm(forms.ModelForm):
    """A change in staffing, methods or otherwise, from a given day, and why."""

    kind = PartyReportKind.CHANGE

    class Meta:
        model = PartyReport
        fields = ["intervention", "change_kind", "effective_on", "description"]
        widgets = {
            "effective_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, interventions, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.kind = self.kind
        _choices(self, "intervention").queryset = interventions
        for name in ("change_kind", "effective_on", "description"):
            self.fields[name].required = True

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("effective_on"):
            self.instance.year = cleaned["effective_on"].year
        return cleaned


PARTY_REPORT_FORMS: dict[str, type[PeriodReportForm] | type[ChangeReportForm]] = {
    form.kind: form for form in (PeriodReportForm, ChangeReportForm)
}


class NationalStatisticsForm(forms.Form):
    """Which year of the national statistics to show (last year unless chosen)."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)

    def chosen_year(self) -> int:
        return self.cleaned_data.get("year") or national_statistics.default_year()

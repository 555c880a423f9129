"""Forms of the money cycle: budget lines, acceptance, decision, agreement, claims, förbund budget."""

from decimal import Decimal
from typing import cast

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from samordna.core import figures
from samordna.funding import queries
from samordna.funding.models import (
    ActivityPlan,
    Agreement,
    AgreementTemplate,
    BudgetCategory,
    BudgetLine,
    ClaimLine,
    ContributionKey,
    Decision,
    ForbundBudget,
    OfficerStatement,
    ReportingDuty,
    Signatory,
    TemplateClause,
)
from samordna.interventions.forms import DATE, label_choices, limit_choices
from samordna.organisations.models import Organisation, OrganisationKind


class AmountInput(forms.TextInput):
    """An amount shown as the pages show money, 3 011 000 (1 234,50 with öre), not 3011000.00:
    a number input can hold no spaces, so it is text with the phone's decimal keypad."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal"} | (attrs or {}))

    def format_value(self, value):
        if isinstance(value, (Decimal, int)):  # a prefilled amount; what was typed stays as typed
            whole = Decimal(value) == Decimal(value).to_integral_value()
            return figures.fixed(value, 0 if whole else 2)
        return super().format_value(value)


class AmountField(forms.DecimalField):
    """An amount typed as a Swede writes it ("3 011 000", "1 234,50") or as a number."""

    widget = AmountInput

    def to_python(self, value):
        if isinstance(value, str):
            value = "".join(value.split()).replace(",", ".")
        return super().to_python(value)


def amount_field(label) -> forms.DecimalField:
    """An optional amount in kronor and öre, never negative."""
    return AmountField(
        label=label, max_digits=12, decimal_places=2, min_value=Decimal(0), required=False
    )


def party_organisations(intervention):
    return Organisation.objects.filter(intervention_parties__intervention=intervention)


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = [
            "year",
            "organisation",
            "category",
            "source",
            "description",
            "position_percent",
            "period_start",
            "period_end",
            "unit_price",
            "quantity",
            "times",
            "share_of_staff_costs",
            "amount",
        ]
        widgets = {"period_start": DATE, "period_end": DATE}
        field_classes = {"unit_price": AmountField, "amount": AmountField}

    def __init__(self, *args, intervention, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.intervention = intervention
        self.instance.forbund = intervention.forbund
        limit_choices(self, "organisation", party_organisations(intervention))
        self.fields["amount"].required = False
        self.fields["amount"].help_text = _(
            "Leave empty when the line is unit price × quantity or a share of staff costs: the "
            "amount is worked out."
        )

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        is_salary = cleaned.get("category") == BudgetCategory.SALARIES
        if is_salary and cleaned.get("position_percent") is None:
            self.add_error("position_percent", _("A salary line needs the position %."))
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        if cleaned.get("amount") is not None and cleaned["amount"] < 0:
            self.add_error("amount", _("An amount cannot be negative."))
        derived = any(
            cleaned.get(name) is not None
            for name in ("unit_price", "quantity", "share_of_staff_costs")
        )
        if derived:
            cleaned["amount"] = Decimal(0)  # worked out by the service when the line is saved
        elif cleaned.get("amount") is None and "amount" not in self.errors:
            self.add_error(
                "amount",
                _("Give the amount, a unit price and quantity, or a share of staff costs."),
            )
        return cleaned


class AcceptanceForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none()
    )
    role_title = forms.CharField(label=_("Your title"), max_length=150)

    def __init__(self, *args, version, user, **kwargs):
        super().__init__(*args, **kwargs)
        own = [m.organisation_id for m in user.memberships.filter(forbund=version.forbund)]
        limit_choices(
            self, "organisation", party_organisations(version.intervention).filter(pk__in=own)
        )


class SignedPdfForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Party"), queryset=Organisation.objects.none())
    name = forms.CharField(label=_("Signed by"), max_length=150)
    role_title = forms.CharField(label=_("Title"), max_length=150)
    signed_pdf = forms.FileField(label=_("Signed application (PDF)"))

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "organisation", party_organisations(version.intervention))


class DecisionForm(forms.ModelForm):
    """The decision, with one granted-amount field per year of the budget."""

    class Meta:
        model = Decision
        fields = [
            "meeting_date",
            "paragraph",
            "diary_number",
            "outcome",
            "conditions",
            "over_application_reason",
            "acceptance_exception",
        ]
        widgets = {"meeting_date": DATE}

    def __init__(self, *args, intervention, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.intervention = intervention
        self.instance.forbund = intervention.forbund
        self.years = years
        for year in years:
            self.fields[f"granted_{year}"] = amount_field(
                _("Granted for %(year)s (kr)") % {"year": year}
            )

    def granted_amounts(self) -> dict[int, Decimal]:
        return {year: self.cleaned_data.get(f"granted_{year}") or Decimal(0) for year in self.years}


class OfficerStatementForm(forms.ModelForm):
    """The officer's statement, with one proposed-amount field per year the board decides."""

    class Meta:
        model = OfficerStatement
        fields = [
            "written_on",
            "author_name",
            "author_title",
            "diary_number",
            "summary",
            "priorities",
            "target_group",
            "budget",
            "acceptance",
            "proposal",
        ]
        widgets = {"written_on": DATE} | {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ("summary", "priorities", "target_group", "budget", "acceptance")
        }

    def __init__(self, *args, version, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.version = version
        self.instance.forbund = version.forbund
        self.years = years
        for year in years:
            self.fields[f"proposed_{year}"] = amount_field(
                _("Proposed for %(year)s (kr)") % {"year": year}
            )

    def proposed_amounts(self) -> dict[int, Decimal]:
        return {
            year: self.cleaned_data.get(f"proposed_{year}") or Decimal(0) for year in self.years
        }


class AgreementForm(forms.ModelForm):
    """An agreement: its parties, the template and optional clauses it takes, period and
    payment."""

    optional_clauses = forms.ModelMultipleChoiceField(
        label=_("Optional clauses"),
        queryset=TemplateClause.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The template's mandatory clauses are always included."),
    )

    class Meta:
        model = Agreement
        fields = [
            "title",
            "parties",
            "template",
            "optional_clauses",
            "activity_plan",
            "period_start",
            "period_end",
            "payment_frequency",
            "in_arrears",
            "first_month_hourly",
            "hourly_rate",
            "invoicing",
            "renegotiation_notice_months",
            "termination_notice_months",
        ]
        field_classes = {"hourly_rate": AmountField}
        widgets = {
            "period_start": DATE,
            "period_end": DATE,
            "parties": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, intervention, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.intervention = intervention
        self.instance.forbund = intervention.forbund
        forbund = intervention.forbund
        limit_choices(self, "parties", party_organisations(intervention))
        templates = AgreementTemplate.objects.in_forbund(forbund)
        limit_choices(self, "template", templates)
        plans = ActivityPlan.objects.in_forbund(forbund)
        limit_choices(self, "activity_plan", plans)
        optional = TemplateClause.objects.in_forbund(forbund).filter(optional=True)
        limit_choices(self, "optional_clauses", optional.select_related("template"))
        label_choices(
            self.fields["optional_clauses"], lambda clause: f"{clause.template}: {clause}"
        )
        self.fields["template"].required = True
        if self.instance.pk is None:
            self.initial.setdefault("parties", list(party_organisations(intervention)))
            self.initial.setdefault("template", templates.first())
            self.initial.setdefault(
                "activity_plan", queries.plan_covering(plans, queries.start_year(intervention))
            )
        else:
            sources = [clause.get("source") for clause in self.instance.clauses]
            self.initial["optional_clauses"] = optional.filter(pk__in=sources)

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        return cleaned


class SupplementForm(forms.Form):
    """Open a decided year for a supplementary application."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the year's budget is revised, as the board will read it."),
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["year"]).choices = [
            (year, year) for year in sorted(years)
        ]


class SignatoryForm(forms.ModelForm):
    """Who signs for the förbund or a party, and once signed: place, date and how."""

    class Meta:
        model = Signatory
        fields = ["organisation", "name", "title", "place", "signed_on", "method", "reference"]
        widgets = {"signed_on": DATE}

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.agreement = agreement
        self.instance.forbund = agreement.forbund
        limit_choices(self, "organisation", agreement.parties.all())
        organisation = cast(forms.ModelChoiceField, self.fields["organisation"])
        organisation.empty_label = agreement.forbund.name


class AgreementTemplateForm(forms.ModelForm):
    class Meta:
        model = AgreementTemplate
        fields = ["name"]

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.forbund = forbund


class TemplateClauseForm(forms.ModelForm):
    class Meta:
        model = TemplateClause
        fields = ["position", "kind", "heading", "body", "optional"]

    def __init__(self, *args, template, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.template = template
        self.instance.forbund = template.forbund
        if self.instance.pk is None:
            last = template.clauses.order_by("-position").first()
            self.initial.setdefault("position", last.position + 1 if last else 1)


class ClaimForm(forms.Form):
    """A claim: organisation, period, and the actual cost of each budget category."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    period_start = forms.DateField(label=_("Period from"), widget=DATE)
    period_end = forms.DateField(label=_("Period to"), widget=DATE)

    def __init__(self, *args, intervention, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "organisation", party_organisations(intervention))
        if queries.pays_by_the_hour(intervention):
            # A model's own field gives a form field; only an automatic key gives none.
            self.fields["hours"] = cast(
                forms.Field,
                ClaimLine._meta.get_field("hours").formfield(
                    label=_("Hours worked"),
                    help_text=_(
                        "Only for a first month the agreement pays per hour worked: the salaries "
                        "are then the hours × the agreement's hourly rate."
                    ),
                ),
            )
        for category, label in BudgetCategory.choices:
            self.fields[f"cost_{category}"] = amount_field(label)
        self.fields["over_grant_reason"] = forms.CharField(
            label=_("Reason, if the claim exceeds the budget or the grant"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        )

    def amounts(self) -> dict[str, Decimal]:
        return {
            category: self.cleaned_data.get(f"cost_{category}") or Decimal(0)
            for category, _label in BudgetCategory.choices
        }


class RejectClaimForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ForbundBudgetForm(forms.ModelForm):
    class Meta:
        model = ForbundBudget
        fields = [
            "year",
            "allocated_funds",
            "other_income",
            "board_costs",
            "administration_costs",
            "audit_costs",
            "opening_equity",
        ]
        field_classes = dict.fromkeys(fields[1:], AmountField)

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.forbund = forbund


class ActivityPlanForm(forms.ModelForm):
    class Meta:
        model = ActivityPlan
        fields = [
            "title",
            "first_year",
            "last_year",
            "adopted_on",
            "adopted_paragraph",
            "priorities",
        ]
        widgets = {"adopted_on": DATE, "priorities": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.forbund = forbund


class ContributionKeyForm(forms.ModelForm):
    class Meta:
        model = ContributionKey
        fields = ["organisation", "key"]

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.forbund = forbund
        limit_choices(
            self,
            "organisation",
            Organisation.objects.filter(
                forbund=forbund, kind=OrganisationKind.MUNICIPALITY, is_member=True
            ),
        )


ContributionKeyFormSet = inlineformset_factory(
    ForbundBudget, ContributionKey, form=ContributionKeyForm, extra=3, can_delete=True
)


class ReportingDutyForm(forms.ModelForm):
    class Meta:
        model = ReportingDuty
        fields = ["kind", "description", "rhythm", "due_days", "responsible"]

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.agreement = agreement
        self.instance.forbund = agreement.forbund
        limit_choices(self, "responsible", party_organisations(agreement.intervention))


class DutySentForm(forms.Form):
    period_end = forms.DateField(label=_("Period"), widget=forms.HiddenInput)
    sent_on = forms.DateField(label=_("Sent on"), widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

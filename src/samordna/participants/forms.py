"""Forms of the participant register. They parse; the rules live in services and models."""

from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from samordna.accounts.models import Membership
from samordna.interventions.models import Criterion, Exclusion, FollowUpMethod, Intervention
from samordna.interventions.services import OngoingWork
from samordna.organisations.models import Municipality, Organisation
from samordna.participants import vault
from samordna.participants.choices import (
    DeviationStatus,
    EducationLevel,
    EndKind,
    EndReason,
    Gender,
    IncomeSource,
    IntroductionDecision,
    Occupation,
    PlanItemKind,
    ReferralOutcome,
    RegisterMode,
    SupportDuration,
)
from samordna.participants.models import Deviation, Referral

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _municipalities(forbund):
    return Municipality.objects.filter(forbund=forbund)


def _limit(form: forms.BaseForm, name: str, queryset) -> None:
    """Offer only `queryset` in the choice field `name`."""
    cast(forms.ModelChoiceField, form.fields[name]).queryset = queryset


def individual_interventions(user, forbund):
    return Intervention.objects.visible_to(user).filter(
        forbund=forbund, follow_up_method=FollowUpMethod.INDIVIDUAL
    )


class ReferralForm(forms.ModelForm):
    class Meta:
        model = Referral
        fields = [
            "received_on",
            "intervention",
            "initiating_party",
            "sip_held",
            "gender",
            "birth_year",
            "municipality",
        ]
        widgets = {"received_on": DATE}

    def __init__(self, *args, user, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        _limit(self, "intervention", individual_interventions(user, forbund))
        _limit(self, "municipality", _municipalities(forbund))


class ReferralOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[c for c in ReferralOutcome.choices if c[0] != ReferralOutcome.PENDING],
    )
    outcome_on = forms.DateField(label=_("Date"), widget=DATE)


class ParticipantForm(forms.Form):
    """Registration: with identity and consent, or anonymous (gender and start year only)."""

    anonymous = forms.BooleanField(
        label=_("Register anonymously"),
        required=False,
        help_text=_("Without consent, or for a person with protected identity."),
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=[("", _("Choose…")), *Gender.choices])
    personal_number = forms.CharField(
        label=_("Personnummer or samordningsnummer"), required=False, max_length=13
    )
    name = forms.CharField(label=_("Name"), required=False, max_length=vault.NAME_MAX_LENGTH)
    municipality = forms.ModelChoiceField(
        label=_("Home municipality"), queryset=Municipality.objects.none(), required=False
    )
    consent_given_on = forms.DateField(label=_("Consent given"), required=False, widget=DATE)
    consent_form_version = forms.CharField(
        label=_("Consent form version"), required=False, max_length=40
    )
    birth_year = forms.IntegerField(
        label=_("Birth year"), required=False, min_value=1900, max_value=2100
    )
    start_year = forms.IntegerField(
        label=_("Start year (anonymous)"), required=False, min_value=2000, max_value=2100
    )

    def __init__(self, *args, forbund, mode=RegisterMode.IDENTIFIED, **kwargs):
        super().__init__(*args, **kwargs)
        _limit(self, "municipality", _municipalities(forbund))
        # The register mode decides what may be asked: a pseudonymous register takes no identity.
        hidden = (
            ["personal_number", "name"] if mode == RegisterMode.PSEUDONYMOUS else ["birth_year"]
        )
        for name in hidden:
            del self.fields[name]
        self.needed = [n for n in ("personal_number", "name", "birth_year") if n in self.fields]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("anonymous"):
            if not data.get("start_year"):
                self.add_error("start_year", _("An anonymous participant needs a start year."))
            return data
        for name in (*self.needed, "municipality", "consent_given_on"):
            if not data.get(name):
                self.add_error(name, _("Needed unless the person is registered anonymously."))
        if data.get("personal_number"):
            try:
                data["personal_number"] = vault.normalise_personal_number(data["personal_number"])
            except ValidationError as error:
                self.add_error("personal_number", error)
        return data

    def identity(self) -> vault.PersonIdentity | None:
        if self.cleaned_data.get("anonymous") or "name" not in self.fields:
            return None
        return vault.PersonIdentity(
            self.cleaned_data["personal_number"], self.cleaned_data["name"].strip()
        )


class EligibilityForm(forms.Form):
    intervention = forms.ModelChoiceField(label=_("Intervention"), queryset=Intervention.objects)
    planned_start = forms.DateField(label=_("Planned start"), widget=DATE)
    birth_year = forms.IntegerField(
        label=_("Birth year"), required=False, min_value=1900, max_value=2100
    )
    municipality = forms.ModelChoiceField(
        label=_("Home municipality"), queryset=Municipality.objects.none(), required=False
    )
    exclusions_present = forms.MultipleChoiceField(
        label=_("Applies to the person"),
        choices=Exclusion.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    authorities_needed = forms.IntegerField(
        label=_("Number of authorities whose coordinated support is needed"),
        min_value=0,
        max_value=10,
    )
    high_risk = forms.BooleanField(
        label=_("At high risk of needing several authorities"), required=False
    )
    criteria_met = forms.MultipleChoiceField(
        label=_("Inclusion criteria the person meets"),
        choices=Criterion.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        _limit(self, "intervention", individual_interventions(user, forbund))
        _limit(self, "municipality", _municipalities(forbund))


class OverrideForm(forms.Form):
    reason = forms.CharField(label=_("Reason for overriding"), widget=forms.Textarea)


def _income_sources(required):
    return forms.MultipleChoiceField(
        label=_("Income sources"),
        choices=IncomeSource.choices,
        widget=forms.CheckboxSelectMultiple,
        required=required,
    )


class StaffChoiceField(forms.ModelChoiceField):
    """Staff members by name, not by their membership's description."""

    def label_from_instance(self, obj) -> str:
        return obj.user.display_name


class EnrolmentForm(forms.Form):
    start = forms.DateField(label=_("Start"), widget=DATE)
    planned_end = forms.DateField(label=_("Planned end"), widget=DATE)
    responsible = StaffChoiceField(
        label=_("Responsible staff member"), queryset=Membership.objects.none()
    )
    income_sources_at_start = _income_sources(required=True)
    occupation_at_start = forms.ChoiceField(
        label=_("Occupation"), choices=[("", _("Choose…")), *Occupation.choices]
    )
    education_level = forms.ChoiceField(
        label=_("Highest completed education"),
        choices=[("", _("Choose…")), *EducationLevel.choices],
    )
    support_before_start = forms.ChoiceField(
        label=_("Time on public support before start"), choices=SupportDuration.choices
    )

    def __init__(self, *args, intervention, **kwargs):
        super().__init__(*args, **kwargs)
        _limit(self, "responsible", intervention.staff.select_related("user"))


class IntroductionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision of the multiparty meeting"), choices=IntroductionDecision.choices
    )
    meeting_on = forms.DateField(label=_("Meeting date"), widget=DATE)


END_VARIABLES = ("income_sources_at_end", "occupation_at_end", "education_level_at_end")


class EndVariablesForm(forms.Form):
    """The participant's situation at the end: needed for every end counted in the statistics,
    whether given when ending or filled in afterwards (an enrolment ended with its
    intervention)."""

    income_sources_at_end = _income_sources(required=False)
    occupation_at_end = forms.ChoiceField(
        label=_("Occupation at end"),
        choices=[("", "---------"), *Occupation.choices],
        required=False,
    )
    education_level_at_end = forms.ChoiceField(
        label=_("Highest completed education at end"),
        choices=[("", "---------"), *EducationLevel.choices],
        required=False,
    )

    def clean(self):
        super().clean()
        if self.needs_variables():
            for name in END_VARIABLES:
                if not self.cleaned_data.get(name):
                    self.add_error(name, _("Needed at the end, unless registered by mistake."))
        return self.cleaned_data

    def needs_variables(self) -> bool:
        return True

    def variables(self) -> dict:
        return {name: self.cleaned_data[name] for name in END_VARIABLES}


class EndForm(EndVariablesForm):
    end_date = forms.DateField(label=_("End date"), widget=DATE)
    end_kind = forms.ChoiceField(label=_("Kind of end"), choices=EndKind.choices)
    end_reason = forms.ChoiceField(
        label=_("Reason"), choices=[("", "---------"), *EndReason.choices], required=False
    )
    overrun_reason = forms.CharField(
        label=_("Reason for taking part past the limit"),
        help_text=_("Needed when the end date is after the participation limit."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    field_order = [
        "end_date",
        "end_kind",
        "end_reason",
        *END_VARIABLES,
        "overrun_reason",
    ]

    def needs_variables(self) -> bool:
        kind = self.cleaned_data.get("end_kind")
        return bool(kind) and kind != EndKind.MISTAKE


class PlanForm(forms.Form):
    drawn_up_on = forms.DateField(label=_("Plan drawn up"), widget=DATE)


class PlanItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PlanItemKind.choices)
    description = forms.CharField(
        label=_("Description"),
        max_length=200,
        help_text=_("Short and non-sensitive: case notes stay in the employer's own records."),
    )
    due_on = forms.DateField(label=_("Planned date"), widget=DATE)


class DoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done"), widget=DATE)


class RevealForm(forms.Form):
    reason = forms.CharField(label=_("Why do you need to see the identity?"), max_length=500)


class ErasureForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the erasure"), max_length=500)


class EndInterventionForm(forms.Form):
    """Ending an intervention: what happens to the enrolments still ongoing in it, if any."""

    ongoing = forms.ChoiceField(
        label=_("The ongoing enrolments"), choices=OngoingWork.choices, widget=forms.RadioSelect
    )
    end_kind = forms.ChoiceField(
        label=_("Kind of end, if they end"),
        choices=[("", "–"), *[c for c in EndKind.choices if c[0] != EndKind.MISTAKE]],
        required=False,
    )
    end_reason = forms.ChoiceField(
        label=_("Reason, if they end"), choices=[("", "–"), *EndReason.choices], required=False
    )
    overrun_reason = forms.CharField(
        label=_("Why some ran past the participation limit, if they end"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea)

    def __init__(self, *args, ongoing: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not ongoing:
            for name in ("ongoing", "end_kind", "end_reason", "overrun_reason"):
                del self.fields[name]


class WithdrawConsentForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Consent withdrawn"), widget=DATE)


class CountForm(forms.Form):
    intervention = forms.ModelChoiceField(label=_("Intervention"), queryset=Intervention.objects)
    period_start = forms.DateField(label=_("Period start"), widget=DATE)
    period_end = forms.DateField(label=_("Period end"), widget=DATE)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    count = forms.IntegerField(label=_("Number"), min_value=0)

    def __init__(self, *args, interventions, **kwargs):
        super().__init__(*args, **kwargs)
        _limit(self, "intervention", interventions)


class DeviationForm(forms.ModelForm):
    class Meta:
        model = Deviation
        fields = ["reported_on", "intervention", "parties", "kind", "description"]
        widgets = {"reported_on": DATE, "parties": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        _limit(self, "parties", Organisation.objects.visible_to(user).in_forbund(forbund))
        _limit(self, "intervention", Intervention.objects.visible_to(user).filter(forbund=forbund))


class DeviationFollowUpForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=DeviationStatus.choices)
    follow_up = forms.CharField(label=_("Follow-up"), widget=forms.Textarea, required=False)


class RegisterSettingsForm(forms.Form):
    register_mode = forms.ChoiceField(
        label=_("Register mode"), choices=RegisterMode.choices, widget=forms.RadioSelect
    )
    confirm_stricter = forms.BooleanField(
        label=_("I confirm the change to a stricter mode and what it does to the rows kept"),
        required=False,
    )
    data_protection_officer = forms.CharField(
        label=_("Data protection officer (name and contact)"), required=False, max_length=200
    )
    identity_retention_months = forms.IntegerField(
        label=_("Months identities are kept after the last enrolment ended"),
        min_value=0,
        max_value=240,
    )
    consent_form_version = forms.CharField(label=_("Current consent form version"), max_length=40)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or Excel)"),
        help_text=_("Use the template: one row per enrolment."),
    )

"""Forms for bodies, members, meetings, agenda items and the auditors' report: they carry the
models' rules, the services check them."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.governance.models import (
    AgendaItem,
    AuditorsReport,
    Body,
    BodyKind,
    BodyMember,
    Meeting,
)
from samordna.interventions.forms import label_choices
from samordna.interventions.models import Intervention
from samordna.organisations.models import Organisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BodyForm(forms.ModelForm):
    class Meta:
        model = Body
        fields = ["kind", "name", "remit"]
        widgets = {"remit": forms.Textarea(attrs={"rows": 3})}


class MemberForm(forms.ModelForm):
    class Meta:
        model = BodyMember
        fields = ["name", "organisation", "role", "from_date", "to_date"]
        widgets = {"from_date": DATE, "to_date": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["organisation"])
        field.queryset = Organisation.objects.visible_to(user).in_forbund(self.instance.forbund)


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["date", "time", "place", "status"]
        widgets = {"date": DATE, "time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["paragraph", "title", "kind", "intervention", "decision_text"]
        widgets = {"decision_text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["intervention"])
        field.queryset = Intervention.objects.visible_to(user).in_forbund(self.instance.forbund)


class AuditorsReportForm(forms.ModelForm):
    signed_pdf = forms.FileField(
        label=_("Signed report (PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
        help_text=_("The report as the auditors signed it, scanned or e-signed."),
    )

    class Meta:
        model = AuditorsReport
        fields = ["year", "dated_on", "auditors", "recommends_discharge", "remarks"]
        widgets = {
            "dated_on": DATE,
            "auditors": forms.CheckboxSelectMultiple,
            "remarks": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["auditors"])
        field.queryset = (
            BodyMember.objects.visible_to(user)
            .in_forbund(self.instance.forbund)
            .filter(body__kind=BodyKind.AUDITORS)
            .select_related("organisation")
        )
        field.required = False  # the service names a missing choice in Swedish


class AttendanceForm(forms.Form):
    """Who was present at a held meeting, of the body's members in office on the day."""

    present = forms.ModelMultipleChoiceField(
        label=_("Present"),
        queryset=BodyMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    adjusters = forms.ModelMultipleChoiceField(
        label=_("Adjust the minutes"),
        queryset=BodyMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Usually one or two of those present, chosen at the start of the meeting."),
    )
    others_present = forms.CharField(
        label=_("Others present"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Who else took part, e.g. the director and the analyst, with their titles."),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [m.pk for m in members]
        for name in ("present", "adjusters"):
            field = cast(forms.ModelMultipleChoiceField, self.fields[name])
            field.queryset = BodyMember.objects.filter(pk__in=ids).select_related("organisation")
            label_choices(field, _member_label)


def _member_label(member: BodyMember) -> str:
    party = f", {member.organisation}" if member.organisation else ""
    return f"{member.name} ({member.get_role_display().lower()}{party})"

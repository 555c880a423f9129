"""Forms for goals and for the follow-up after the end."""

from datetime import date
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.goals.models import FollowUp, Goal
from samordna.interventions.models import Intervention
from samordna.measurements.models import Instrument
from samordna.surveys.models import Questionnaire


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = [
            "intervention",
            "name",
            "metric",
            "target_percent",
            "year",
            "tertial",
            "minimum_n",
            "instrument",
            "questionnaire",
            "question_code",
            "threshold",
            "occasion",
            "months_after",
            "due_on",
            "met_on",
            "evidence",
        ]
        widgets = {
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "met_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "evidence": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "instrument": _("For the labour-market metric: the instrument whose rule decides."),
            "questionnaire": _("For the survey metric, with the question code and threshold."),
            "months_after": _("For the self-support metric, e.g. 12."),
            "due_on": _("For a milestone: the day it is to be reached by."),
        }

    def __init__(self, *args, user, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.forbund = forbund
        for name, model in (
            ("intervention", Intervention),
            ("instrument", Instrument),
            ("questionnaire", Questionnaire),
        ):
            field = cast(forms.ModelChoiceField, self.fields[name])
            field.queryset = model.objects.visible_to(user).in_forbund(forbund)


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["months_after", "followed_up_on", "self_support"]
        widgets = {"followed_up_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"months_after": 12, "followed_up_on": date.today()})
        super().__init__(*args, **kwargs)

    def validate_unique(self):
        """The service updates an existing follow-up for the same interval instead."""

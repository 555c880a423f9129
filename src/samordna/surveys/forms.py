"""Forms for defining questionnaires, issuing links and answering (online or from paper)."""

from datetime import date
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.core import disclosure
from samordna.interventions.models import Intervention
from samordna.surveys.models import (
    Occasion,
    QuestionKind,
    Questionnaire,
    QuestionnaireVersion,
    Topic,
)
from samordna.surveys.services import MAX_TOKENS_PER_BATCH


class QuestionnaireForm(forms.ModelForm):
    class Meta:
        model = Questionnaire
        fields = ["name", "respondent_title", "respondent_group", "description", "is_national"]


class QuestionnaireDetailsForm(forms.ModelForm):
    """What may change once a questionnaire is in use: never its group nor its national status."""

    class Meta:
        model = Questionnaire
        fields = ["name", "respondent_title", "description"]


class ScaleForm(forms.Form):
    scale = forms.CharField(
        label=_("Answer options"),
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_("One option per line, the most favourable first."),
    )

    def clean_scale(self) -> list:
        labels = [line.strip() for line in self.cleaned_data["scale"].splitlines() if line.strip()]
        if len(labels) < 2:
            raise forms.ValidationError(_("Write at least two answer options."))
        return [[len(labels) - index, label] for index, label in enumerate(labels)]

    @staticmethod
    def initial_for(version: QuestionnaireVersion | None) -> dict:
        if version is None:
            return {}
        return {"scale": "\n".join(label for _value, label in version.scale)}


class QuestionForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40, required=False)
    text = forms.CharField(label=_("Question"), max_length=500, required=False)
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=QuestionKind.choices)
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)

    def clean(self):
        data = self.cleaned_data
        if data.get("text") and not data.get("code"):
            self.add_error("code", _("Give the question a code."))
        return data


QuestionFormSet = forms.formset_factory(QuestionForm, extra=2)


class PeriodFields(forms.Form):
    """Intervention, occasion and period: everything an answer is stored with."""

    intervention = forms.ModelChoiceField(
        label=_("Intervention"), queryset=Intervention.objects.none()
    )
    occasion = forms.ChoiceField(label=_("Occasion"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    tertial = forms.TypedChoiceField(
        label=_("Tertial"),
        coerce=int,
        choices=[
            (1, _("1 (January–April)")),
            (2, _("2 (May–August)")),
            (3, _("3 (September–December)")),
        ],
    )

    def __init__(self, *args, questionnaire: Questionnaire, interventions, **kwargs):
        kwargs.setdefault("initial", {})
        today = date.today()
        kwargs["initial"] = {"year": today.year, "tertial": (today.month - 1) // 4 + 1} | kwargs[
            "initial"
        ]
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        cast(forms.ModelChoiceField, self.fields["intervention"]).queryset = interventions
        cast(forms.ChoiceField, self.fields["occasion"]).choices = [
            (value, label)
            for value, label in Occasion.choices
            if value in questionnaire.occasions()
        ]


class BatchForm(PeriodFields):
    count = forms.IntegerField(
        label=_("Number of links"), min_value=1, max_value=MAX_TOKENS_PER_BATCH, initial=10
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        minimum = disclosure.small_cell_threshold(self.questionnaire.forbund)
        self.fields["count"].initial = max(minimum, 10)
        self.fields["count"].help_text = _(
            "At least %(min)s, the förbund's protection threshold, so that no answer can be "
            "traced to the person who was given the link."
        ) % {"min": minimum}


class AnswerForm(forms.Form):
    """One radio group per question; any question may be left unanswered."""

    def __init__(self, *args, version: QuestionnaireVersion, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        for question in version.questions.all():
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=question.text,
                choices=version.options_for(question),
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
            )

    def clean(self):
        data = self.cleaned_data
        if not any(value is not None for value in data.values()):
            raise forms.ValidationError(_("Answer at least one question before you send."))
        return data

    def values(self) -> dict[int, int | None]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}


class PaperEntryForm(PeriodFields, AnswerForm):
    """A paper form typed in by staff: where and when it was given, then its answers."""

    def __init__(self, *args, version: QuestionnaireVersion, interventions, **kwargs):
        super().__init__(
            *args,
            questionnaire=version.questionnaire,
            interventions=interventions,
            version=version,
            **kwargs,
        )

    def values(self) -> dict[int, int | None]:
        return {
            int(name[1:]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("q") and name[1:].isdigit()
        }

    def clean(self):
        data = forms.Form.clean(self)
        if not any(value is not None for value in self.values().values()):
            raise forms.ValidationError(_("Answer at least one question before you send."))
        return data


class CodeForm(forms.Form):
    """The one-time code, typed or moved from the printed link's fragment: only ever in a body."""

    code = forms.CharField(
        label=_("The code on your paper"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

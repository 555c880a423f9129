"""The error summary a person meets on a refused form: every error listed, each linking to its
field, and no dashes where a dropdown asks for a choice."""

from django import forms
from django.template import Context, Template
from django.utils import translation

SUMMARY = Template("{% load form_errors %}{% error_summary form formset %}")


class MeasurementForm(forms.Form):
    assessed_on = forms.DateField(label="Mätdatum")
    occasion = forms.ChoiceField(label="Tillfälle", choices=[("", "---------"), ("start", "Start")])
    item7 = forms.TypedChoiceField(
        label="Arbetsförmåga", choices=[(1, "1"), (2, "2")], widget=forms.RadioSelect, coerce=int
    )

    def clean(self):
        raise forms.ValidationError("Mätdatumet ligger före inskrivningen.")


PartFormSet = forms.formset_factory(forms.Form, extra=0, min_num=1, validate_min=True)


def _summary(form, formset=None):
    with translation.override("sv"):
        return SUMMARY.render(Context({"form": form, "formset": formset}))


def test_each_field_error_is_a_link_to_its_field_with_the_label_named():
    html = _summary(MeasurementForm(data={}))
    assert 'href="#id_assessed_on">Mätdatum: Detta fält måste fyllas i.</a>' in html
    assert 'href="#id_occasion">Tillfälle: Detta fält måste fyllas i.</a>' in html


def test_a_label_ending_in_a_full_stop_reads_naturally():
    form = MeasurementForm(data={})
    form.fields["item7"].label = "Jag söker arbete."
    assert "Jag söker arbete: Detta fält måste fyllas i." in _summary(form)


def test_a_radio_question_links_to_its_first_option():
    assert 'href="#id_item7_0">Arbetsförmåga:' in _summary(MeasurementForm(data={}))


def test_a_form_wide_error_is_listed_without_a_link():
    html = _summary(MeasurementForm(data={}))
    assert "<li>Mätdatumet ligger före inskrivningen.</li>" in html


def test_the_summary_is_focusable_and_titled():
    html = _summary(MeasurementForm(data={}))
    assert 'tabindex="-1"' in html and "data-error-summary" in html
    assert "Rätta felen nedan" in html


def test_nothing_is_shown_for_an_unsent_or_valid_form():
    assert _summary(MeasurementForm()).strip() == ""


def test_a_formset_error_is_in_the_summary():
    formset = PartFormSet(data={"form-TOTAL_FORMS": "0", "form-INITIAL_FORMS": "0"})
    assert "Skicka minst 1 formulär." in _summary(MeasurementForm(), formset)


def test_an_empty_choice_reads_as_a_request_to_choose_not_as_dashes():
    with translation.override("sv"):
        html = str(MeasurementForm()["occasion"])
    assert "---------" not in html
    assert '<option value="" selected>Välj …</option>' in html

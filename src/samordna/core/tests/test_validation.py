"""The one validation path: a service's refusal on the page's form, beside the field it names."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from samordna.core import validation
from samordna.interventions.models import Method

# Validating a method asks the database whether its förbund already has one of the name.
pytestmark = pytest.mark.django_db


class MethodForm(forms.ModelForm):
    class Meta:
        model = Method
        fields = ["name"]


def _refuse(error):
    def action():
        raise error

    return action


def test_a_refusal_about_a_field_lands_beside_it_and_the_form_keeps_the_input():
    form = MethodForm({"name": "IPS"})
    refusal = ValidationError({"name": "Finns redan."})
    assert validation.submit(form, _refuse(refusal)) is None
    assert form.errors == {"name": ["Finns redan."]}
    assert form["name"].value() == "IPS"


def test_a_refusal_about_a_field_the_form_lacks_is_named_by_its_label_above_the_form():
    form = MethodForm({"name": "IPS"})
    with translation.override("sv"):
        validation.submit(form, _refuse(ValidationError({"description": "För lång."})))
        assert form.non_field_errors() == ["Beskrivning: För lång."]


def test_an_invalid_form_runs_nothing():
    ran = []
    assert validation.submit(MethodForm({"name": ""}), lambda: ran.append(1)) is None
    assert ran == []


def test_an_action_that_returns_nothing_counts_as_done():
    assert validation.submit(MethodForm({"name": "IPS"}), lambda: None) is True


def test_schema_problems_name_the_field_in_the_users_language():
    error = {
        "type": "string_too_long",
        "loc": ("body", "payload", "name"),
        "ctx": {"max_length": 150},
        "input": "x" * 151,
    }
    with translation.override("sv"):
        problem = validation.schema_problem(error)
    assert problem["loc"] == ["body", "payload", "name"]
    assert (
        problem["msg"] == "name: Säkerställ att detta värde har som mest 150 tecken (den har 151)."
    )


def test_a_wrong_choice_lists_the_choices_without_english_words():
    error = {
        "type": "enum",
        "loc": ("body", "payload", "gender"),
        "ctx": {"expected": "'woman', 'man' or 'other'"},
        "input": "K",
    }
    with translation.override("sv"):
        problem = validation.schema_problem(error)
    assert problem["msg"] == "gender: Välj ett av: woman, man, other."

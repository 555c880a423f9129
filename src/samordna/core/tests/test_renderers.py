"""Forms are drawn in Python (core.renderers) exactly as Django's templates drew them: the same
HTML, escaped the same way, in Swedish."""

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import mark_safe


class _Form(forms.Form):
    kind = forms.ChoiceField(
        label="Typ & art",
        choices=[("", "---------"), ("Grupp <1>", [("a", "A & B")]), ("b", mark_safe("<b>B</b>"))],
    )
    years = forms.MultipleChoiceField(choices=[(2025, 2025), (2026, 2026)], required=False)


def test_a_select_is_written_with_its_groups_escaped_and_the_blank_choice_in_swedish():
    form = _Form(initial={"kind": "a"})
    html = str(form["kind"].as_widget(attrs={"data-x": 'q"', "disabled": False, "autofocus": True}))
    assert html == (
        '<select name="kind" data-x="q&quot;" autofocus required id="id_kind">\n'
        '  <option value="">Välj …</option>\n'
        "\n"
        '  <optgroup label="Grupp &lt;1&gt;">\n'
        '  <option value="a" selected>A &amp; B</option>\n'
        "\n"
        "  </optgroup>\n"
        '  <option value="b"><b>B</b></option>\n'
        "\n"
        "</select>"
    )


def test_a_multiple_select_marks_every_chosen_option():
    html = str(_Form(initial={"years": [2026]})["years"])
    assert html == (
        '<select name="years" id="id_years" multiple>\n'
        '  <option value="2025">2025</option>\n'
        "\n"
        '  <option value="2026" selected>2026</option>\n'
        "\n"
        "</select>"
    )


def test_a_label_is_escaped_and_points_at_its_field():
    field = _Form()["kind"]
    assert field.label_tag() == '<label for="id_kind">Typ &amp; art:</label>'
    assert field.label_tag(attrs={"class": "x", "hidden": True}, label_suffix="") == (
        '<label class="x" hidden for="id_kind">Typ &amp; art</label>'
    )


class _EveryPart(forms.Form):
    """A field of each kind the renderer writes itself, with help texts, and one error that
    belongs to no field."""

    name = forms.CharField(label="Namn", help_text="Som <i>på</i> avtalet", max_length=3)
    note = forms.CharField(widget=forms.Textarea, required=False)
    agreed = forms.BooleanField(label="Godkänd")
    amount = forms.IntegerField(min_value=0, widget=forms.NumberInput(attrs={"class": "x"}))
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    year = forms.ChoiceField(choices=[("2025", "2025"), ("2026", "2026")])
    key = forms.CharField(widget=forms.HiddenInput, required=False)
    nameless = forms.CharField(label="", required=False)

    def clean(self):
        raise forms.ValidationError("Stämmer inte <alls>")


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"name": "för långt & fel", "amount": "-1", "kind": "c", "key": "<x>", "nameless": '"'},
        {"name": "ok", "agreed": "on", "amount": "3", "kind": "a", "year": "2026", "note": "<p>"},
    ],
    ids=["unbound", "invalid", "valid but for the whole form"],
)
def test_a_form_is_written_as_django_s_templates_write_it(data):
    in_python = _EveryPart(data, initial={"name": "A & B"})
    by_templates = _EveryPart(data, initial={"name": "A & B"}, renderer=TemplatesSetting())
    assert str(in_python.as_div()) == str(by_templates.as_div())


def test_an_invalid_field_shows_its_error_beside_it_and_is_described_by_it():
    html = str(_EveryPart({"amount": "-1"}).as_div())
    assert '<ul class="errorlist nonfield"><li>Stämmer inte &lt;alls&gt;</li></ul>' in html
    assert '<ul class="errorlist" id="id_amount_error"><li>' in html
    assert 'aria-describedby="id_amount_error"' in html

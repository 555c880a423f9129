"""Selects and labels are drawn in Python (core.renderers) exactly as Django's templates drew
them: the same HTML, escaped the same way, in Swedish."""

from django import forms
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

"""How forms are drawn: Django's form templates, found through the project's template settings,
except the two drawn most often, a select and a label, which are written here."""

from django.forms.renderers import TemplatesSetting
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext

SELECT = "django/forms/widgets/select.html"
LABEL = "django/forms/label.html"
BLANK_CHOICE = "---------"  # Django's label for choosing nothing
_CONTEXT = Context()  # a template's defaults: escaped, localised


class FormRenderer(TemplatesSetting):
    """Draws selects and labels in Python. The template language resolved every option's
    value, attributes and label node by node: a select of a few options cost about a
    millisecond, most of a list page's filter form, and each label a fifth of one. The HTML is
    what the templates wrote."""

    def render(self, template_name, context, request=None):
        if template_name == SELECT:
            return select(context["widget"])
        if template_name == LABEL:
            return label(context)
        return super().render(template_name, context, request)


def select(widget: dict) -> str:
    """The select's HTML, in the layout of Django's template with each option in place."""
    parts = [f'<select name="{_shown(widget["name"])}"{_attributes(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in options:
            value, attributes = _as_string(option["value"]), _attributes(option["attrs"])
            parts.append(
                f'\n  <option value="{value}"{attributes}>{_option_label(option)}</option>\n'
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # every value above is escaped


def label(context: dict) -> str:
    """A field's label (or legend) as Django's label.html writes it."""
    text = _shown(context["label"])
    if not context["use_tag"]:
        return text
    tag = _shown(context["tag"])
    return mark_safe(f"<{tag}{_attributes(context['attrs'] or {})}>{text}</{tag}>")


def _option_label(option: dict) -> str:
    if option["label"] == BLANK_CHOICE:
        return _shown(gettext("Choose …"))
    return _shown(option["label"])


def _attributes(attrs: dict) -> str:
    """As Django's attrs.html: `name` alone when True, left out when False."""
    return "".join(
        f" {_shown(name)}" if value is True else f' {_shown(name)}="{_as_string(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _as_string(value) -> str:
    """As `{{ value|stringformat:'s' }}`: the value as text, escaped unless marked safe."""
    text = str(value)
    return _shown(mark_safe(text) if isinstance(value, SafeData) else text)


def _shown(value) -> str:
    """As `{{ value }}` in a template: localised and escaped."""
    return render_value_in_context(value, _CONTEXT)

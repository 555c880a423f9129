"""How forms are drawn: Django's form templates, found through the project's template settings,
except those drawn on every form, which are written here with the HTML the templates wrote: the
form's layout (as_div), each field's group, error lists, inputs, selects and labels."""

from django.forms.renderers import TemplatesSetting
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext

DIV = "django/forms/div.html"
FIELD = "django/forms/field.html"
ERROR_LIST = "django/forms/errors/list/default.html"
SELECT = "django/forms/widgets/select.html"
LABEL = "django/forms/label.html"
# Django's widgets whose template only includes input.html.
INPUTS = {
    f"django/forms/widgets/{kind}.html"
    for kind in (
        *("checkbox", "color", "date", "datetime", "email", "file", "hidden", "number"),
        *("password", "search", "tel", "text", "time", "url"),
    )
}
BLANK_CHOICE = "---------"  # Django's label for choosing nothing
_CONTEXT = Context()  # a template's defaults: escaped, localised


class FormRenderer(TemplatesSetting):
    """Draws the templates every form uses in Python. The template language resolved every
    value, attribute and option node by node: a select of a few options cost about a
    millisecond, a label a fifth of one, and a list page's filter form of four fields 2.5 ms
    of its 17. The HTML is what the templates wrote, stripped at its ends as the renderer
    strips a template's; any other template is Django's."""

    def render(self, template_name, context, request=None):
        drawn = _DRAWN.get(template_name)
        if drawn is not None:
            return drawn(context)
        return super().render(template_name, context, request)


def form_div(context: dict) -> str:
    """A form's fields, each in its div, as Django's div.html lays them out."""
    errors, fields = context["errors"], context["fields"]
    hidden = "".join(str(field) for field in context["hidden_fields"])
    parts = [str(errors), "\n"]
    if errors and not fields:
        parts.append(f"\n  <div>{hidden}</div>\n")
    parts.append("\n")
    for number, (field, _errors) in enumerate(fields, start=1):
        classes = field.css_classes()
        class_attribute = f' class="{_shown(classes)}"' if classes else ""
        parts.append(f"\n  <div{class_attribute}>\n    {field.as_field_group()}\n    ")
        if number == len(fields):
            parts.append(f"\n      {hidden}\n    ")
        parts.append("\n</div>\n")
    parts.append("\n")
    if not fields and not errors:
        parts.append(f"\n  {hidden}\n")
    return mark_safe("".join(parts).strip())  # every part is escaped or already safe


def field_group(context: dict) -> str:
    """A field's label (or legend), help text, errors and widget, as Django's field.html."""
    field = context["field"]
    if field.use_fieldset:
        described = field.aria_describedby
        described_by = f' aria-describedby="{_shown(described)}"' if described else ""
        heading = f"\n  <fieldset{described_by}>\n  {field.legend_tag() if field.label else ''}\n"
    else:
        heading = f"\n  {field.label_tag() if field.label else ''}\n"
    help_text = ""
    if field.help_text:
        help_id = f' id="{_shown(field.auto_id)}_helptext"' if field.auto_id else ""
        help_text = f'<div class="helptext"{help_id}>{field.help_text}</div>'
    closing = "</fieldset>" if field.use_fieldset else ""
    html = f"{heading}\n{help_text}\n{field.errors}\n{field}{closing}\n"
    return mark_safe(html.strip())  # the help text is HTML by Django's rule (|safe)


def error_list(context: dict) -> str:
    """A list of errors as Django's errors/list/ul.html writes it."""
    errors = context["errors"]
    if not errors:
        return ""
    field_id = f' id="{_shown(errors.field_id)}_error"' if errors.field_id else ""
    items = "".join(f"<li>{_shown(error)}</li>" for error in errors)
    return mark_safe(f'<ul class="{_shown(context["error_class"])}"{field_id}>{items}</ul>')


def input_(context: dict) -> str:
    """An input as Django's input.html writes it."""
    widget = context["widget"]
    value = "" if widget["value"] is None else f' value="{_as_string(widget["value"])}"'
    html = f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"{value}'
    return mark_safe(f"{html}{_attributes(widget['attrs'])}>")


def select(context: dict) -> str:
    """The select's HTML, in the layout of Django's template with each option in place."""
    widget = context["widget"]
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


_DRAWN = {
    DIV: form_div,
    FIELD: field_group,
    ERROR_LIST: error_list,
    SELECT: select,
    LABEL: label,
    **dict.fromkeys(INPUTS, input_),
}

"""The error summary at the top of a form: every error, each a link to the field it is about."""

from dataclasses import dataclass

from django import forms, template
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.widgets import ChoiceWidget

register = template.Library()


@dataclass(frozen=True)
class SummaryError:
    text: str
    target: str  # the id of the element the link moves focus to; "" for a form-wide error


def field_target(bound_field: forms.BoundField) -> str:
    """The id a link to this field should point at: its input, or a group's first option."""
    widget = bound_field.field.widget
    if isinstance(widget, ChoiceWidget) and widget.input_type in ("radio", "checkbox"):
        subwidgets = bound_field.subwidgets
        return subwidgets[0].id_for_label if subwidgets else bound_field.auto_id
    return bound_field.id_for_label or bound_field.auto_id


def _form_errors(form: forms.BaseForm) -> list[SummaryError]:
    found = [SummaryError(str(error), "") for error in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name == NON_FIELD_ERRORS or name not in form.fields:
            continue
        bound_field = form[name]
        target = "" if bound_field.is_hidden else field_target(bound_field)
        label = str(bound_field.label).rstrip(" .:")
        found += [SummaryError(f"{label}: {error}", target) for error in errors]
    return found


def summary_errors(*forms_and_formsets) -> list[SummaryError]:
    """The errors of the given forms and formsets (None is skipped), in the page's order."""
    found: list[SummaryError] = []
    for item in forms_and_formsets:
        if isinstance(item, forms.BaseFormSet):
            found += [SummaryError(str(error), "") for error in item.non_form_errors()]
            for form in item.forms:
                found += _form_errors(form)
        elif isinstance(item, forms.BaseForm) and item.is_bound:
            found += _form_errors(item)
    return found


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*forms_and_formsets, title=None):
    """`{% error_summary form formset title=... %}`: nothing when every form is valid."""
    return {"errors": summary_errors(*forms_and_formsets), "title": title}


@register.inclusion_tag("includes/question_progress.html")
def question_progress(fields) -> dict:
    """How many of a long form's questions hold an answer (app.js keeps it current as one answers)."""
    fields = list(fields)
    answered = sum(1 for field in fields if field.value() not in (None, "", []))
    return {"answered": answered, "total": len(fields)}

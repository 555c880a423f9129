"""One validation path: a refusal reaches the user in their language, with the field named.

A rule lives once, on the model or in the service. A page shows its refusal on the form (beside
the field it names, the rest above the form), and the form keeps what the user typed; the API
answers 422 with the same words, each problem naming its field. The API schema's own checks
(a date that is no date, a text too long) answer in the words Django's forms use.
"""

import re
from collections.abc import Callable, Iterable
from typing import Any, Literal, TypeVar, overload

from django import forms
from django.contrib import messages
from django.core import validators
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from ninja.errors import ValidationError as InputError

T = TypeVar("T")


class Conflict(ValidationError):
    """A refusal because of what the object is now, not of the input (a method that
    interventions chose cannot be deleted): the page shows it like any other, the API answers 409."""


@overload
def submit(form: forms.BaseForm, action: Callable[[], None], *others) -> Literal[True] | None: ...
@overload
def submit(form: forms.BaseForm, action: Callable[[], T], *others) -> T | None: ...
def submit(form, action, *others):
    """Run `action()` (a service call) once `form` and `others` (forms or formsets) are valid.
    A ValidationError it raises lands on `form`. What the action returned (True if that was
    nothing), or None when nothing was done."""
    if not all([form.is_valid(), *(other.is_valid() for other in others)]):
        return None
    try:
        result = action()
    except ValidationError as error:
        put_on_form(form, error)
        return None
    return True if result is None else result


@overload
def attempt(request, action: Callable[[], None]) -> Literal[True] | None: ...
@overload
def attempt(request, action: Callable[[], T]) -> T | None: ...
def attempt(request, action):
    """Run `action()` for a button without a form of its own: a refusal shows as messages at the
    top of the page the user returns to. What the action returned (True if that was nothing), or
    None when it was refused."""
    try:
        result = action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return None
    return True if result is None else result


def show_form_errors(request, form: forms.BaseForm) -> None:
    """A small form posted from a larger page reports its errors as messages there."""
    for field, errors in form.errors.items():
        label = None if field == NON_FIELD_ERRORS else str(form.fields[field].label)
        for message in errors:
            messages.error(request, named(label, str(message)))


def put_on_form(form: forms.BaseForm, error: ValidationError) -> None:
    """Show `error` on `form`: a message about one of its fields beside that field, any other
    above the form, named by the field's label."""
    for field, texts in _messages_by_field(error):
        if field in form.fields:
            form.add_error(field, texts)
        else:
            form.add_error(None, [named(_label(form, field), text) for text in texts])


def model_max_length(model, field: str) -> int | None:
    """The model field's max_length, for an API schema's Field(max_length=...): the page's form
    takes its limit from the same field, so both refuse the same text."""
    return model._meta.get_field(field).max_length


def named(field: str | None, message: str) -> str:
    """`message` introduced by the field it is about ("planned_start: Fyll i ett giltigt datum.")."""
    return f"{field}: {message}" if field else message


def _label(form, field: str) -> str | None:
    if field == NON_FIELD_ERRORS:
        return None
    model = getattr(getattr(form, "_meta", None), "model", None)
    try:
        return capfirst(model._meta.get_field(field).verbose_name) if model else field
    except FieldDoesNotExist:
        return field


def _messages_by_field(error: ValidationError) -> Iterable[tuple[str, list[str]]]:
    if hasattr(error, "error_dict"):
        return error.message_dict.items()
    return [(NON_FIELD_ERRORS, error.messages)]


# The API's 422: a list of problems {"loc": [...], "msg": "...", "type": "..."} as ninja's own.


def problems(error: ValidationError) -> list[dict[str, Any]]:
    """A service's ValidationError as the API's problems, each naming its field."""
    return [
        _problem(None if field == NON_FIELD_ERRORS else field, message)
        for field, messages in _messages_by_field(error)
        for message in messages
    ]


def require_valid(*forms_or_formsets) -> None:
    """For the API: raise its 422 unless every form (or formset) is valid."""
    found = form_problems(*forms_or_formsets)
    if found:
        raise InputError(found)


def form_problems(*forms_or_formsets) -> list[dict[str, Any]]:
    """The errors of bound forms (and formsets: "parties.0.organisation") as the API's problems."""
    found = []
    for form in forms_or_formsets:
        if hasattr(form, "forms"):
            for index, child in enumerate(form.forms):
                # A row being deleted may be incomplete: the formset ignores its errors.
                if child.errors and not (form.can_delete and form._should_delete_form(child)):
                    found += _form_errors(child, f"{form.prefix}.{index}.")
            found += [_problem(form.prefix, m) for m in form.non_form_errors()]
        else:
            found += _form_errors(form, "")
    return found


def _form_errors(form, prefix: str) -> list[dict[str, Any]]:
    return [
        _problem(None if field == NON_FIELD_ERRORS else prefix + field, str(message))
        for field, messages in form.errors.items()
        for message in messages
    ]


def _problem(field: str | None, message: str) -> dict[str, Any]:
    loc = ["body", *field.split(".")] if field else ["body"]
    return {"loc": loc, "msg": named(field, message), "type": "invalid"}


def schema_problem(error: dict[str, Any]) -> dict[str, Any]:
    """One of pydantic's errors (as ninja reports it: loc starting with body, query or path) with
    its message in the user's language, naming the field."""
    loc = list(error["loc"])
    field = ".".join(str(part) for part in loc[2 if loc[0] == "body" else 1 :])
    message = _schema_message(error["type"], error.get("ctx") or {}, error.get("input"))
    return {"loc": loc, "msg": named(field, message), "type": error["type"]}


def _schema_message(kind: str, ctx: dict, value) -> str:
    simple = _SCHEMA_MESSAGES.get(kind)
    if simple is not None:
        return str(simple)
    if kind in ("string_too_long", "string_too_short"):
        limit = ctx.get("max_length", ctx.get("min_length"))
        validator = (
            validators.MaxLengthValidator if "long" in kind else validators.MinLengthValidator
        )
        return str(validator.message % {"limit_value": limit, "show_value": _length(value)})
    if kind in ("too_long", "too_short"):
        limit = int(ctx.get("max_length", ctx.get("min_length", 0)))
        if kind == "too_long":
            return ngettext("Give at most %(n)s item.", "Give at most %(n)s items.", limit) % {
                "n": limit
            }
        return ngettext("Give at least %(n)s item.", "Give at least %(n)s items.", limit) % {
            "n": limit
        }
    if kind in _LIMITS:
        message, key = _LIMITS[kind]
        return str(message) % {"limit_value": ctx.get(key)}
    if kind in _DIGITS:
        message_key, ctx_key = _DIGITS[kind]
        return validators.DecimalValidator.messages[message_key] % {"max": ctx.get(ctx_key)}
    if kind in ("enum", "literal_error"):
        return _("Choose one of: %(choices)s.") % {"choices": _choices(ctx.get("expected", ""))}
    if kind in ("value_error", "assertion_error") and ctx.get("error"):
        return str(ctx["error"])
    return str(validators.RegexValidator.message)


def _choices(expected: str) -> str:
    """pydantic lists the choices in English ("'woman', 'man' or 'other'"); keep only the values."""
    return ", ".join(re.findall(r"'([^']*)'", expected)) or expected


def _length(value) -> int:
    try:
        return len(value)
    except TypeError:
        return 0


_SCHEMA_MESSAGES = {
    "missing": forms.Field.default_error_messages["required"],
    **dict.fromkeys(
        ("int_type", "int_parsing", "int_from_float", "int_parsing_size"),
        forms.IntegerField.default_error_messages["invalid"],
    ),
    **dict.fromkeys(
        ("float_type", "float_parsing", "decimal_type", "decimal_parsing", "finite_number"),
        forms.DecimalField.default_error_messages["invalid"],
    ),
    **dict.fromkeys(
        ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"),
        forms.DateField.default_error_messages["invalid"],
    ),
    **dict.fromkeys(
        (
            "datetime_type",
            "datetime_parsing",
            "datetime_from_date_parsing",
            "datetime_object_invalid",
        ),
        forms.DateTimeField.default_error_messages["invalid"],
    ),
    **dict.fromkeys(
        ("time_type", "time_parsing"), forms.TimeField.default_error_messages["invalid"]
    ),
    **dict.fromkeys(("bool_type", "bool_parsing"), gettext_lazy("Enter true or false.")),
    **dict.fromkeys(
        ("string_type", "string_sub_type", "string_unicode"), gettext_lazy("Enter a text.")
    ),
    **dict.fromkeys(
        ("dict_type", "model_type", "model_attributes_type", "dataclass_type"),
        gettext_lazy("Enter an object with named fields."),
    ),
    "extra_forbidden": gettext_lazy("This field is not part of the request."),
    **dict.fromkeys(
        ("list_type", "set_type", "tuple_type", "iterable_type"),
        forms.MultipleChoiceField.default_error_messages["invalid_list"],
    ),
    "json_invalid": forms.JSONField.default_error_messages["invalid"],
}

# pydantic's bounds (its ctx key) in the words of Django's validators.
_LIMITS = {
    "greater_than_equal": (validators.MinValueValidator.message, "ge"),
    "less_than_equal": (validators.MaxValueValidator.message, "le"),
    "greater_than": (gettext_lazy("Ensure this value is greater than %(limit_value)s."), "gt"),
    "less_than": (gettext_lazy("Ensure this value is less than %(limit_value)s."), "lt"),
}
_DIGITS = {
    "decimal_max_digits": ("max_digits", "max_digits"),
    "decimal_max_places": ("max_decimal_places", "decimal_places"),
    "decimal_whole_digits": ("max_whole_digits", "whole_digits"),
}

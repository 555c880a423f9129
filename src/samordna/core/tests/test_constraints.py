"""Every constraint on a förbund's rows is checked when a form or the API saves one, though they
leave the förbund out, and its refusal lands beside the field the user can change."""

from unittest import mock

import pytest
from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from samordna.core.models import TenantModel, refused_field


def _referenced(constraint) -> set[str]:
    names = set(getattr(constraint, "fields", ()))
    for expression in (constraint.condition, *getattr(constraint, "expressions", ())):
        names |= {path[0] for path in models.Model._get_expr_references(expression)}
    return names


def _forbund_constraints():
    return [
        (model, constraint)
        for model in apps.get_models()
        if issubclass(model, TenantModel)
        for constraint in model._meta.constraints
        if "forbund" in _referenced(constraint)
    ]


def _one_row_per_forbund(constraint) -> bool:
    """Such a row is the förbund's settings: there is nothing the user could change."""
    return _referenced(constraint) == {"forbund"}


def test_the_forbunds_constraints_are_found():
    names = {constraint.name for _model, constraint in _forbund_constraints()}
    assert {"one_board_per_forbund", "template_name_once", "one_auditors_report_a_year"} <= names


@pytest.mark.parametrize(
    ("model", "constraint"),
    _forbund_constraints(),
    ids=lambda value: getattr(value, "name", None) or value.__name__,
)
def test_a_form_without_the_forbund_still_checks_its_constraint(model, constraint):
    """As a form or API schema validates: only the fields the user gives are checked."""
    given = _referenced(constraint) - {"forbund"}
    left_out = {field.name for field in model._meta.fields} - given
    checked_without = []

    def refuse(self, model_class, instance, exclude=None, using=None):
        if self is constraint:
            checked_without.append(set(exclude))
            raise ValidationError("Refused.")

    patched = mock.patch.object(type(constraint), "validate", autospec=True, side_effect=refuse)
    with patched, pytest.raises(ValidationError) as refused:
        model().validate_constraints(exclude=left_out)

    assert checked_without and "forbund" not in checked_without[0]
    field = refused_field(constraint)
    if _one_row_per_forbund(constraint):
        assert field == NON_FIELD_ERRORS
    else:
        assert field in given, f"{constraint.name} refuses beside {field}, not a field users give"
    assert list(refused.value.message_dict) == [field]

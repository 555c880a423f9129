"""What every API router shares: identifiers the database can hold and the shapes of its errors."""

from typing import Annotated, Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.backends.base.operations import BaseDatabaseOperations
from ninja import Field, Query, Schema

# Primary keys are 64-bit: a larger number in a filter would reach the database and fail there.
MAX_ID = 2**63 - 1

Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def filter_by(description: str):
    """A query filter naming a row by its id, documented with what it narrows the list to."""
    return Query(None, ge=1, le=MAX_ID, description=description)


class ErrorMessage(Schema):
    """401, 403, 404 and 409: one message."""

    detail: str


class Problem(Schema):
    loc: list[str | int] = Field(..., description="Where: body, query or path, then the field")
    msg: str = Field(..., description="The problem in the user's language, naming the field")
    type: str


class InputProblems(Schema):
    """422: every problem with the input, each naming its field."""

    detail: list[Problem]


def from_model(model, name: str, default: Any = ...) -> Any:
    """A schema field carrying the limits the model field declares (its maximum length, its
    smallest and largest value), so the OpenAPI document shows them and the API refuses what the
    page refuses, in the same words. The rule stays on the model."""
    field = model._meta.get_field(name)
    limits: dict[str, Any] = {}
    if getattr(field, "max_length", None):
        limits["max_length"] = field.max_length
    # The portable range of the field's type (SQLite would allow any 64-bit integer).
    low, high = BaseDatabaseOperations.integer_field_ranges.get(
        field.get_internal_type(), (None, None)
    )
    lows = [low, *(v.limit_value for v in field.validators if type(v) is MinValueValidator)]
    highs = [high, *(v.limit_value for v in field.validators if type(v) is MaxValueValidator)]
    if any(value is not None for value in lows):
        limits["ge"] = max(value for value in lows if value is not None)
    if any(value is not None for value in highs):
        limits["le"] = min(value for value in highs if value is not None)
    return Field(default, **limits)

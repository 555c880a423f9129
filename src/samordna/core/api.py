"""What every API router shares: identifiers the database can hold, the shapes of its errors,
and paged lists."""

from base64 import urlsafe_b64decode, urlsafe_b64encode
from functools import cache
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import QuerySet
from django.forms.models import model_to_dict
from django.http import Http404, HttpResponse
from ninja import Field, Query, Schema
from ninja.errors import ValidationError as InputError
from ninja.renderers import JSONRenderer
from pydantic import create_model

from samordna.core import permissions
from samordna.core.validation import named

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


# Lists: one page at a time, of the förbund the user acts in, in the order of the primary key
# (an index every table has), continuing after the last row seen rather than at an offset.

MAX_LIMIT = 500


class Pages(Schema):
    """The query parameters that page a list."""

    limit: int = Field(100, ge=1, le=MAX_LIMIT, description="At most this many items")
    after: str | None = Field(
        None, max_length=40, description="Continue after this: the `next` of the previous page"
    )

    def of(self, rows: QuerySet, shape: type[Schema] | None = None) -> dict:
        """One page of `rows`: `items`, and `next` to pass as `after` (null on the last page).
        With a `shape`, each item is a dictionary of that schema's fields (see `in_shape`)."""
        rows = rows.order_by("pk")
        if self.after is not None:
            rows = rows.filter(pk__gt=_position(self.after))
        if shape:
            rows = rows.values("pk", *(lookup for _name, lookup in _lookups(shape)))
        items = list(rows[: self.limit + 1])
        more = len(items) > self.limit
        items = items[: self.limit]
        after = _cursor(items[-1]["pk"] if shape else items[-1].pk) if more else None
        if shape:
            items = [{name: row[lookup] for name, lookup in _lookups(shape)} for row in items]
        return {"items": items, "next": after}


def acting_forbund(request, named: int | None = None) -> int:
    """The förbund `named`, if the user is a member of it (else 404, as another's objects
    are); otherwise the one they act in (request.forbund); 403 for a user of none."""
    member_of = {m.forbund_id for m in permissions.memberships(request.auth)}
    if named is not None:
        if named not in member_of:
            raise Http404
        return named
    acting = getattr(request, "forbund", None)
    if not acting or acting.pk not in member_of:
        raise PermissionDenied
    return acting.pk


class Paging(Pages):
    """The query parameters of a list of one förbund's rows."""

    forbund: int | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        description="The förbund to list, one you are a member of "
        "(default: the one you act in, as on the pages)",
    )

    def page(
        self, request, rows: QuerySet, *, action: str = "", shape: type[Schema] | None = None
    ) -> dict:
        """One page of `rows` (already visible_to the user) of the acting förbund; none if the
        user's role there may not do `action`."""
        forbund = acting_forbund(request, self.forbund)
        rows = rows.filter(forbund_id=forbund)
        if action and not permissions.roles_in(request.auth, forbund) & permissions.RULES[action]:
            rows = rows.none()
        return self.of(rows, shape)


# A page of many rows is answered in its schema's shape without ninja's validation: validating
# each row's model instance field by field took most of such a request (100 enrolments: about
# 6 ms of 14). The rows are read with values() through the schema's own fields, so what the
# database holds is what validation would have let through; the operation still declares its
# schema, so the OpenAPI document does not change.


@cache
def _lookups(shape: type[Schema]) -> tuple[tuple[str, str], ...]:
    """Each field of `shape` and the values() lookup it is read from: its alias is the
    attribute it reads ("forbund_id", "participant.code"), else its own name."""
    return tuple(
        (name, (field.alias or name).replace(".", "__"))
        for name, field in shape.model_fields.items()
    )


def in_shape(request, page: dict) -> HttpResponse:
    """Answer a page read `of(rows, shape)` as it is (see above)."""
    renderer = JSONRenderer()
    return HttpResponse(
        renderer.render(request, page, response_status=200),
        content_type=f"{renderer.media_type}; charset={renderer.charset}",
    )


def _cursor(pk: int) -> str:
    return urlsafe_b64encode(f"after:{pk}".encode()).decode().rstrip("=")


def _position(cursor: str) -> int:
    """The row a cursor continues after; a cursor not made by _cursor is refused as input."""
    try:
        kind, _sep, pk = (
            urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode().partition(":")
        )
        position = int(pk)
        if kind != "after" or not 0 < position <= MAX_ID:
            raise ValueError(cursor)
    except ValueError:
        message = named("after", str(RegexValidator.message))
        raise InputError([{"loc": ["query", "after"], "msg": message, "type": "invalid"}]) from None
    return position


@cache
def page_of(item: type[Schema]) -> type[Schema]:
    """The answer of a list of `item`: one page of items, and the cursor to the next."""
    return create_model(
        f"{item.__name__}Page",
        __base__=Schema,
        items=(list[item], ...),  # type: ignore[valid-type]  # a schema built at run time
        next=(
            str | None,
            Field(..., description="Pass as `after` for the next page; null at the end"),
        ),
    )


# Forms carry the rules, so API writes fill the same forms the pages do.


def formset_data(prefix: str, existing: list[tuple[int, dict | None]], new: list[dict]) -> dict:
    """Form data for an inline formset: existing rows updated (or deleted when None), new added."""
    rows: list[tuple[int | None, dict]] = [
        (pk, row if row is not None else {"DELETE": "on"}) for pk, row in existing
    ]
    rows += [(None, row) for row in new]
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(len(existing))}
    for index, (pk, row) in enumerate(rows):
        data |= {f"{prefix}-{index}-{key}": value for key, value in row.items()}
        if pk is not None:
            data[f"{prefix}-{index}-id"] = str(pk)
    return data


def changed_form(instance, form_class, changes: dict, **form_kwargs):
    """A bound form of `instance` with `changes` (the fields a PATCH sent) applied."""
    data = model_to_dict(instance, fields=form_class._meta.fields) | changes
    data = {key: "" if value is None else value for key, value in data.items()}
    return form_class(data, instance=instance, **form_kwargs)

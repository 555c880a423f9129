"""The NinjaAPI instance mounted at /api/v1, with its OpenAPI docs at /api/v1/docs."""

import json
from functools import wraps

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.urls import re_path
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as InputError
from ninja.parser import Parser

from samordna.accounts.api import router as accounts_router
from samordna.api.auth import ActiveSessionAuth, ApiTokenAuth
from samordna.core import validation
from samordna.core.api import ErrorMessage, InputProblems
from samordna.funding.api import router as funding_router
from samordna.goals.api import router as goals_router
from samordna.governance.api import router as governance_router
from samordna.interventions.api import router as interventions_router
from samordna.measurements.api import router as measurements_router
from samordna.organisations.api import router as organisations_router
from samordna.participants.api import router as participants_router
from samordna.reports.api import router as reports_router
from samordna.surveys.api import router as surveys_router

# What any operation may answer besides its own: (the statuses, when they apply, their schema).
ERRORS = [
    (
        {401: "Not signed in (no valid token or session)", 403: "Not allowed for the user's role"},
        "security",
        ErrorMessage,
    ),
    ({400: "The body could not be read (not JSON)"}, "body", ErrorMessage),
    ({404: "Not found, or another förbund's"}, "input", ErrorMessage),
    ({422: "The input was refused: each problem names its field"}, "input", InputProblems),
]


class SamordnaAPI(NinjaAPI):
    def _get_urls(self):
        """Ninja's routes, each answering a method it does not take as the other refusals are
        answered (ninja's own 405 is a bare English text), then 404 for any address it lacks."""
        urls = super()._get_urls()
        for pattern in urls:
            pattern.callback = _refusing_other_methods(self, pattern.callback)
        return [*urls, re_path(r"", _unknown_address, name="unknown")]

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Ninja's document, with every status an operation can answer and the schema of each."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operation in (op for path in schema["paths"].values() for op in path.values()):
            _document_errors(operation)
        for model in (ErrorMessage, InputProblems):
            found = model.model_json_schema(ref_template="#/components/schemas/{model}")
            schema["components"]["schemas"] |= found.pop("$defs", {}) | {model.__name__: found}
        return schema

    def validation_error_from_error_contexts(self, error_contexts) -> InputError:
        """The schema's own refusals (a date that is no date, a text too long) in the user's
        language, each naming its field, as the forms word them."""
        return InputError(
            [
                validation.schema_problem(_located(context.model, error))
                for context in error_contexts
                for error in context.pydantic_validation_error.errors(include_url=False)
            ]
        )


def _refusing_other_methods(api_, view):
    @wraps(view)
    def answer(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            refused = api_.on_exception(request, HttpError(405, "Method not allowed"))
            refused["Allow"] = response["Allow"]
            return refused
        return response

    return answer


def _unknown_address(request, *args, **kwargs):
    return api.on_exception(request, Http404())


def _document_errors(operation: dict) -> None:
    """Add the errors an operation can answer, unless it documents that status itself."""
    applies = {
        "security": bool(operation.get("security")),
        "input": bool(operation.get("parameters") or operation.get("requestBody")),
        "body": bool(operation.get("requestBody")),
    }
    for statuses, when, model in ERRORS:
        if not applies[when]:
            continue
        for status, description in statuses.items():
            operation["responses"].setdefault(
                status,
                {
                    "description": description,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": f"#/components/schemas/{model.__name__}"}
                        }
                    },
                },
            )


def _located(model, error) -> dict:
    """pydantic's error with ninja's location: the source (body, query, path) and the field."""
    loc = model.__ninja_flatten_map_reverse__.get(error["loc"], error["loc"])
    return {**error, "loc": (model.__ninja_param_source__, *loc)}


class TextParser(Parser):
    """JSON bodies whose text holds a NUL character are refused (422): PostgreSQL cannot store
    it, and no field of Samordna's has a use for it (the pages' forms refuse it too)."""

    def parse_body(self, request):
        body = super().parse_body(request)
        if "\\u0000" in json.dumps(body):
            raise InputError(
                [{"loc": ["body"], "msg": _("The text holds a NUL character."), "type": "nul"}]
            )
        return body


api = SamordnaAPI(
    title="Samordna API",
    parser=TextParser(),
    version="1",
    description="Samordna's REST API. Authenticate with a personal API token (Bearer) "
    "or the browser session.",
    auth=[ApiTokenAuth(), ActiveSessionAuth()],
    urls_namespace="api",
)
api.add_router("/", accounts_router)
api.add_router("/", organisations_router)
api.add_router("/", participants_router)
api.add_router("/", surveys_router)
api.add_router("/", reports_router)
api.add_router("/", measurements_router)
api.add_router("/", goals_router)
api.add_router("/", interventions_router)
api.add_router("/", funding_router)
api.add_router("/", governance_router)


def status_message(status: int) -> str | None:
    """What the API answers with `status`, in the user's language; None where the refusal
    words its own reason (429 says when to try again)."""
    messages = {
        400: forms.JSONField.default_error_messages["invalid"],
        401: _("Log in, or send a valid API token."),
        403: _("You are not allowed to do this."),
        404: _("Not found, or not yours to see."),
        405: _("This address does not take that method."),
    }
    message = messages.get(status)
    return None if message is None else str(message)


def refusal(request, status: int, message: str | None = None):
    return api.create_response(
        request, {"detail": status_message(status) or message}, status=status
    )


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    """A service's refusal for the user's role answers 403, as the pages do."""
    return refusal(request, 403)


@api.exception_handler(Http404)
def not_found(request, exc):
    """Another förbund's object, or none: one answer, so neither is told apart."""
    return refusal(request, 404)


@api.exception_handler(HttpError)
def http_error(request, exc):
    """Ninja's own refusals (not signed in, an unreadable body, a method the address does not
    take) and the operations' own, in the user's language, whatever English ninja words them in."""
    return refusal(request, exc.status_code, str(exc))


@api.exception_handler(validation.Conflict)
def conflict(request, exc):
    """A refusal because of the object's state (a method in use cannot be deleted) answers 409."""
    return api.create_response(request, {"detail": " ".join(exc.messages)}, status=409)


@api.exception_handler(ValidationError)
def refused_input(request, exc):
    """A service's refusal of the input answers 422 as the page would word it, naming the field."""
    return api.create_response(request, {"detail": validation.problems(exc)}, status=422)

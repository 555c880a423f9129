"""The NinjaAPI instance mounted at /api/v1, with its OpenAPI docs at /api/v1/docs."""

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import NinjaAPI
from ninja.errors import ValidationError as InputError

from samordna.accounts.api import router as accounts_router
from samordna.api.auth import ActiveSessionAuth, ApiTokenAuth
from samordna.core import validation
from samordna.funding.api import router as funding_router
from samordna.goals.api import router as goals_router
from samordna.interventions.api import router as interventions_router
from samordna.measurements.api import router as measurements_router
from samordna.organisations.api import router as organisations_router
from samordna.participants.api import router as participants_router
from samordna.reports.api import router as reports_router
from samordna.surveys.api import router as surveys_router


class SamordnaAPI(NinjaAPI):
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


def _located(model, error) -> dict:
    """pydantic's error with ninja's location: the source (body, query, path) and the field."""
    loc = model.__ninja_flatten_map_reverse__.get(error["loc"], error["loc"])
    return {**error, "loc": (model.__ninja_param_source__, *loc)}


api = SamordnaAPI(
    title="Samordna API",
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


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    """A service's refusal for the user's role answers 403, as the pages do."""
    return api.create_response(request, {"detail": "Permission denied"}, status=403)


@api.exception_handler(ValidationError)
def refused_input(request, exc):
    """A service's refusal of the input answers 422 as the page would word it, naming the field."""
    return api.create_response(request, {"detail": validation.problems(exc)}, status=422)

"""The NinjaAPI instance mounted at /api/v1, with its OpenAPI docs at /api/v1/docs."""

from django.http import Http404
from ninja import NinjaAPI

from samordna.api.auth import ActiveSessionAuth, ApiTokenAuth
from samordna.organisations.api import router as organisations_router

api = NinjaAPI(
    title="Samordna API",
    version="1",
    description="Samordna's REST API. Authenticate with a personal API token (Bearer) "
    "or the browser session.",
    auth=[ApiTokenAuth(), ActiveSessionAuth()],
    urls_namespace="api",
)
api.add_router("/", organisations_router)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Not found"}, status=404)

"""The NinjaAPI instance mounted at /api/v1, with its OpenAPI docs at /api/v1/docs."""

from ninja import NinjaAPI

from samordna.accounts.api import router as accounts_router
from samordna.api.auth import ActiveSessionAuth, ApiTokenAuth
from samordna.funding.api import router as funding_router
from samordna.goals.api import router as goals_router
from samordna.interventions.api import router as interventions_router
from samordna.measurements.api import router as measurements_router
from samordna.organisations.api import router as organisations_router
from samordna.participants.api import router as participants_router
from samordna.reports.api import router as reports_router
from samordna.surveys.api import router as surveys_router

api = NinjaAPI(
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

"""How the access tests (core/tests/test_access.py) find an object of another förbund for each route.

Every app with routes that take arguments has a module like this one. PAGES maps a URL name to
a function giving the URL kwargs of one object in the given tenant; API maps an OpenAPI path to a
function giving its path parameters (and, for a route with a body, {"path": ..., "json": ...}).
PUBLIC_PAGES lists the URL names anyone may open without logging in.
"""

PAGES = {
    "organisations:detail": lambda tenant: {"pk": tenant.kommun.pk},
    "organisations:edit": lambda tenant: {"pk": tenant.kommun.pk},
}

API = {
    "/api/v1/forbund/{forbund_id}": lambda tenant: {
        "path": {"forbund_id": tenant.forbund.pk},
        "json": {"shares_national_statistics": True},
    },
    "/api/v1/forbund/{forbund_id}/municipalities": lambda tenant: {"forbund_id": tenant.forbund.pk},
    "/api/v1/organisations/{organisation_id}": lambda tenant: {"organisation_id": tenant.kommun.pk},
}

PUBLIC_PAGES: set[str] = set()

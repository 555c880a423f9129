"""The access matrix: every page and every API route, for anonymous users and for another förbund.

It walks the URL configuration and the OpenAPI schema, so a route added without scoping fails
here. Each app describes its routes' objects in `<app>/tests/access.py`.
"""

import importlib
import re

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from samordna.accounts.services import create_api_token
from samordna.api.api import api
from samordna.core.permissions import ALL_ROLES, Role
from samordna.participants.models import Participant

SKIPPED_NAMESPACES = {"admin", "api"}
SKIPPED_NAMES = {"set_language"}


def _access_modules():
    for config in apps.get_app_configs():
        if config.name.startswith("samordna."):
            try:
                yield importlib.import_module(f"{config.name}.tests.access")
            except ModuleNotFoundError:
                continue


MODULES = list(_access_modules())
PAGE_OBJECTS = {name: f for module in MODULES for name, f in getattr(module, "PAGES", {}).items()}
API_OBJECTS = {path: f for module in MODULES for path, f in getattr(module, "API", {}).items()}
PUBLIC_PAGES = {name for module in MODULES for name in getattr(module, "PUBLIC_PAGES", set())}


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name and entry.name not in SKIPPED_NAMES:
            yield f"{namespace}{entry.name}", bool(entry.pattern.converters)


PAGES = sorted(set(_walk(get_resolver().url_patterns)))
API_OPERATIONS = sorted(
    (path, method)
    for path, operations in api.get_openapi_schema()["paths"].items()
    for method in operations
)


@pytest.fixture
def tenant(shared_tenant):
    """The matrix's tests are many and small: the two förbund are built once for the module."""
    return shared_tenant


@pytest.fixture
def other_tenant(shared_other_tenant):
    return shared_other_tenant


def _page_url(name, takes_arguments, tenant):
    if not takes_arguments:
        return reverse(name)
    assert name in PAGE_OBJECTS, f"Add {name} to PAGES in its app's tests/access.py"
    return reverse(name, kwargs=PAGE_OBJECTS[name](tenant))


def _api_request(path, tenant):
    spec = API_OBJECTS[path](tenant) if "{" in path else {}
    params, body = (spec["path"], spec.get("json", {})) if "path" in spec else (spec, {})
    return re.sub(r"\{(\w+)\}", lambda m: str(params[m.group(1)]), path), body


@pytest.mark.parametrize(("name", "takes_arguments"), PAGES)
def test_anonymous_users_are_sent_to_login(client, other_tenant, name, takes_arguments):
    if name in PUBLIC_PAGES:
        pytest.skip("public page")
    url = _page_url(name, takes_arguments, other_tenant)
    responses = [client.get(url), client.post(url)]
    assert all(r.status_code in (302, 405) for r in responses), url
    assert any(r.status_code == 302 and "/konto/logga-in/" in r.url for r in responses), url


@pytest.mark.parametrize(("name", "takes_arguments"), [p for p in PAGES if p[1]])
@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_another_forbunds_objects_answer_404(tenant, other_tenant, role, name, takes_arguments):
    if name in PUBLIC_PAGES:
        pytest.skip("public page")
    url = _page_url(name, takes_arguments, other_tenant)
    client = tenant.client(role)
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url)
    assert response.status_code == 404, url


@pytest.mark.parametrize(("path", "method"), API_OPERATIONS)
def test_anonymous_api_calls_get_401(client, other_tenant, path, method):
    url, body = _api_request(path, other_tenant)
    response = getattr(client, method)(url, data=body, content_type="application/json")
    assert response.status_code == 401, url


@pytest.mark.parametrize(("path", "method"), [op for op in API_OPERATIONS if "{" in op[0]])
@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_another_forbunds_objects_answer_404_in_the_api(
    client, tenant, other_tenant, role, path, method
):
    _token, secret = create_api_token(tenant.users[role], "test")
    url, body = _api_request(path, other_tenant)
    response = getattr(client, method)(
        url, data=body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert response.status_code == 404, url


def test_every_route_with_an_object_is_described():
    missing = [name for name, takes in PAGES if takes and name not in PAGE_OBJECTS]
    missing += [path for path, _method in API_OPERATIONS if "{" in path and path not in API_OBJECTS]
    assert not missing


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def _packed(route: str) -> bool:
    """PDF, Word and Excel files are compressed: a code inside them is not found by searching
    their bytes. They are built from the same querysets as the page, CSV or JSON beside them."""
    return route.rsplit("_", 1)[-1] in PACKED or route.rsplit("/", 1)[-1] in PACKED


PACKED = {"pdf", "docx", "excel", "xlsx"}


def _once(build, *args):
    """A route's objects, or None where the route's kind of object exists once per förbund
    (a budget per year) and another route already made it: such routes carry no person."""
    try:
        with transaction.atomic():
            return build(*args)
    except IntegrityError:
        return None


def test_board_members_see_no_individual_row_on_any_page_or_api_route(tenant):
    """The board decides on aggregates: no page, export or API answer of its own förbund
    carries a participant's person code, whatever rows exist."""
    PAGE_OBJECTS["participants:participant"](tenant)
    board, api = tenant.client(Role.BOARD), tenant.api(Role.BOARD)
    pages = [(n, t) for n, t in PAGES if n not in PUBLIC_PAGES and not _packed(n)]
    urls = [_once(_page_url, name, takes, tenant) for name, takes in pages]
    responses = [(url, board.get(url)) for url in urls if url]
    gets = [path for path, m in API_OPERATIONS if m == "get" and not _packed(path)]
    api_urls = [_once(_api_request, path, tenant) for path in gets]
    responses += [(url[0], api.get(url[0])) for url in api_urls if url]
    codes = list(Participant.objects.unrestricted().values_list("code", flat=True))
    assert codes
    leaks = [(url, code) for url, r in responses for code in codes if code in _body(r)]
    assert not leaks

"""Random bad payloads to every API write: never a server error, and a refused one writes nothing.

Every POST, PUT and PATCH with a JSON body in the OpenAPI schema is called on objects of the
caller's own förbund (as the access tests describe them) by a user who holds the administrator's,
staff's and referrer's roles, so the requests get past permission to the checks. The values are
of the declared type but implausible (years 218 and 2150, dates 0218 and 2099, negative and huge
amounts, 250 %, texts of 10 000 characters or with a NUL), or of another type altogether.
"""

import re

import pytest
from django.apps import apps
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samordna.accounts.tests.factories import MembershipFactory
from samordna.api.api import api
from samordna.core.permissions import Role
from samordna.core.tests.test_access import API_OBJECTS

SCHEMA = api.get_openapi_schema()
WRITES = sorted(
    (path, method)
    for path, operations in SCHEMA["paths"].items()
    for method, operation in operations.items()
    if method in ("post", "put", "patch")
    and "application/json" in operation.get("requestBody", {}).get("content", {})
)

IMPLAUSIBLE = {
    "integer": st.sampled_from([-1, 0, 218, 1899, 2150, 10**12, 2**63]),
    "number": st.sampled_from(["-1", "-0.01", "250", "1e13", "99999999999999.99", "NaN"]),
    "date": st.sampled_from(["0218-01-01", "1899-12-31", "2099-12-31", "2021-02-30", "218-1-1"]),
    "date-time": st.sampled_from(["0218-01-01T00:00:00", "2099-12-31T23:59:59"]),
    "string": st.one_of(
        st.sampled_from(["", " ", "x" * 10_001, "a\x00b", "champagne", "<script>"]),
        st.text(max_size=30),
    ),
    "boolean": st.sampled_from([True, False, "kanske"]),
}
ANYTHING = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


def _resolve(schema: dict) -> dict:
    while "$ref" in schema:
        schema = SCHEMA["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    choices = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    return _resolve(choices[0]) if choices else schema


def _value(schema: dict) -> st.SearchStrategy:
    """A value of the declared type but implausible, now and then one of another type."""
    schema = _resolve(schema)
    kind = schema.get("format") if schema.get("format") in IMPLAUSIBLE else schema.get("type")
    if kind == "array":
        typed = st.lists(_value(schema.get("items", {})), max_size=3)
    elif kind == "object" and "properties" in schema:
        typed = _payload(schema)
    elif kind == "object":
        typed = st.dictionaries(
            st.sampled_from(["1899", "2150", "champagne"]), IMPLAUSIBLE["number"]
        )
    else:
        typed = IMPLAUSIBLE.get(kind, ANYTHING)
    return st.one_of(typed, typed, typed, ANYTHING)


def _payload(schema: dict) -> st.SearchStrategy:
    schema = _resolve(schema)
    properties = schema.get("properties", {})
    return st.fixed_dictionaries(
        {}, optional={name: _value(field) for name, field in properties.items()}
    )


def _body_schema(path: str, method: str) -> dict:
    return SCHEMA["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]


def _row_counts() -> dict[str, int]:
    """Every table's row count, in one query."""
    tables = sorted({model._meta.db_table for model in apps.get_models(include_auto_created=True)})
    query = " UNION ALL ".join(f"SELECT '{table}', COUNT(*) FROM \"{table}\"" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(query)
        return dict(cursor.fetchall())


def _url(path: str, tenant) -> str:
    if "{" not in path:
        return path
    spec = API_OBJECTS[path](tenant)
    params = spec.get("path", spec)
    return re.sub(r"\{(\w+)\}", lambda m: str(params[m.group(1)]), path)


@pytest.mark.parametrize(("path", "method"), WRITES)
def test_random_bad_payloads_get_no_server_error_and_write_nothing(tenant, path, method):
    admin = tenant.users[Role.ADMIN]
    for role, organisation in ((Role.STAFF, tenant.kommun), (Role.REFERRER, tenant.region)):
        MembershipFactory(user=admin, forbund=tenant.forbund, role=role, organisation=organisation)
    client = tenant.api(Role.ADMIN)
    url = _url(path, tenant)
    call = getattr(client, method)

    @settings(
        max_examples=20,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(payload=_payload(_body_schema(path, method)))
    def refused_without_a_trace(payload):
        before = _row_counts()
        response = call(url, payload, content_type="application/json")
        assert response.status_code < 500, (payload, response.content)
        if response.status_code >= 400:
            assert _row_counts() == before, (payload, response.content)

    refused_without_a_trace()


def _uploads_a_file(path, method) -> bool:
    """A multipart write (the participant import, the auditors' report): its own tests call it."""
    body = SCHEMA["paths"][path][method].get("requestBody", {})
    return "multipart/form-data" in body.get("content", {})


def test_every_write_but_the_file_uploads_is_called():
    writes = {
        (path, method)
        for path, operations in SCHEMA["paths"].items()
        for method in operations
        if method in ("post", "put", "patch")
    }
    without_json = {(p, m) for p, m in writes - set(WRITES) if not _uploads_a_file(p, m)}
    bodiless = {(p, m) for p, m in without_json if "requestBody" not in SCHEMA["paths"][p][m]}
    assert without_json == bodiless, "a write with a body of another kind is not called here"

"""The OpenAPI document is true: one schema per name, every status an operation answers
documented with its body, the model's limits shown, and no filter that reaches the database
with a number it cannot hold."""

import inspect
from collections import defaultdict

import pytest
from django.test import Client
from ninja import Schema

from samordna.api.api import api
from samordna.core.permissions import Role
from samordna.interventions.tests.factories import intervention_of

HUGE = "167481335155697221632"


@pytest.fixture
def document(tenant):
    return tenant.api(Role.ADMIN).get("/api/v1/openapi.json").json()


def _schema_classes():
    """Every Schema class the API's routers define, by the name the document gives it."""
    classes = defaultdict(set)
    for _prefix, router in api._routers:
        for operations in router.path_operations.values():
            for operation in operations.operations:
                module = inspect.getmodule(operation.view_func)
                for value in vars(module).values():
                    if _is_our_schema(value):
                        classes[value.__name__].add(value)
    return classes


def _is_our_schema(value) -> bool:
    return (
        inspect.isclass(value)
        and issubclass(value, Schema)
        and value.__module__.startswith("samordna.")
    )


def test_every_schema_name_belongs_to_one_class():
    """Two classes of one name would publish one app's schema for the other's operations."""
    shared = {
        name: sorted(c.__module__ for c in found) for name, found in _schema_classes().items()
    }
    assert {name: modules for name, modules in shared.items() if len(modules) > 1} == {}


def test_every_operation_documents_the_errors_it_can_answer(document):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            answers = set(operation["responses"])
            assert {"401", "403"} <= answers, (method, path)
            if operation.get("parameters") or operation.get("requestBody"):
                assert {"404", "422"} <= answers, (method, path)


def test_each_error_answers_as_documented(tenant, other_tenant, document):
    path = "/api/v1/interventions/{intervention_id}"
    documented = document["paths"][path]["put"]["responses"]
    url = f"/api/v1/interventions/{intervention_of(tenant).pk}"
    body = {"forbund": tenant.forbund.pk, "name": "X", "parties": []}
    answers = {
        401: Client().put(url, {}, content_type="application/json"),
        403: tenant.api(Role.BOARD).put(url, body, content_type="application/json"),
        404: tenant.api(Role.ADMIN).put(
            f"/api/v1/interventions/{intervention_of(other_tenant).pk}",
            body,
            content_type="application/json",
        ),
        422: tenant.api(Role.ADMIN).put(url, {"name": 3}, content_type="application/json"),
    }
    for status, response in answers.items():
        assert response.status_code == status
        schema = documented[str(status)]["content"]["application/json"]["schema"]["$ref"]
        detail = response.json()["detail"]
        expected = list if schema.endswith("/InputProblems") else str
        assert isinstance(detail, expected), (status, detail)


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/interventions?forbund={HUGE}",
        f"/api/v1/referrals?intervention={HUGE}",
        f"/api/v1/enrolments?intervention={HUGE}",
        f"/api/v1/methods?forbund={HUGE}",
        f"/api/v1/organisations?forbund={HUGE}",
        f"/api/v1/participant-counts?intervention={HUGE}",
        f"/api/v1/goals?intervention={HUGE}",
        f"/api/v1/forbund-budgets?forbund={HUGE}",
        f"/api/v1/invitations?forbund={HUGE}",
    ],
)
def test_a_filter_beyond_64_bits_is_refused_in_swedish(tenant, url):
    response = tenant.api(Role.ADMIN).get(url)
    assert response.status_code == 422
    [problem] = response.json()["detail"]
    field = url.split("?")[1].split("=")[0]
    assert problem["loc"] == ["query", field]
    assert problem["msg"] == (
        f"{field}: Kontrollera att detta värde är mindre än eller lika med 9223372036854775807."
    )


def test_the_models_limits_are_shown(document):
    schemas = document["components"]["schemas"]
    months = schemas["FollowUpIn"]["properties"]["months_after"]
    assert (months["minimum"], months["maximum"]) == (0, 32767)
    assert schemas["FollowUpIn"]["properties"]["self_support"] == {
        "$ref": "#/components/schemas/SelfSupport"
    }
    assert schemas["SelfSupport"]["enum"] == ["wholly", "partly", "not", "unknown"]

"""The API fuzzed: every operation of /api/v1/openapi.json, called as each role with valid and
invalid input that schemathesis derives from the document, answers without a server error, as
its document says (status, content type, body), and shows nothing of another förbund.

Bounded for CI: one example per operation and mode, deterministic, every request rolled back so
each one meets the same small world of two förbund. `make test` (CI's command) runs it; a quick
run of single test files skips it unless SAMORDNA_FUZZ=1."""

import json
import os
import re
import time
from contextlib import contextmanager

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from samordna.accounts.services import create_api_token
from samordna.core.permissions import Role
from samordna.core.tests.test_access import API_OBJECTS
from samordna.participants.models import Participant
from samordna.wsgi import application

EXAMPLES = 1  # per operation and generation mode: about 1 300 requests in all, a minute in CI


@contextmanager
def _in_process():
    """Call the WSGI application within the test's transaction, as Django's test client does:
    a request must not close the connection that holds the test's data."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _path_parameters(tenant) -> dict[str, dict]:
    """Real objects of `tenant` for every operation's path, so calls reach past the lookup."""
    found = {}
    for path, describe in API_OBJECTS.items():
        spec = describe(tenant)
        found[path] = spec.get("path", spec)
    return found


def _others_markers(tenant) -> list[str]:
    """Text that only another förbund's objects carry: its name and its participants' codes."""
    codes = Participant.objects.unrestricted().filter(forbund=tenant.forbund)
    return [tenant.forbund.name, *codes.values_list("code", flat=True)]


def _forbund_ids(value):
    """Every förbund id a JSON answer names."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("forbund", "forbund_id") and isinstance(item, int):
                yield item
            else:
                yield from _forbund_ids(item)
    elif isinstance(value, list):
        for item in value:
            yield from _forbund_ids(item)


def _only_own_forbund(own_id: int, others: list[str]):
    @schemathesis.check
    def no_other_forbund(ctx, response, case):
        if "json" not in response.headers.get("content-type", [""])[0]:
            return  # a document (PDF, Word, Excel) of one of the user's own objects
        text = response.text
        leaked = [marker for marker in others if re.search(rf"\b{re.escape(marker)}\b", text)]
        assert not leaked, f"another förbund's data in the answer: {leaked}"
        named = set(_forbund_ids(json.loads(text or "null")))
        assert named <= {own_id}, f"another förbund's id in the answer: {named - {own_id}}"

    return no_other_forbund


def _fuzz(operation, mode, path_parameters, headers, checks) -> tuple[list[int], list[str]]:
    statuses, failures = [], []

    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_parameters))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def call(case):
        with transaction.atomic():
            response = case.call(headers=headers)
            transaction.set_rollback(True)
        statuses.append(response.status_code)
        try:
            case.validate_response(response, checks=checks)
        except (AssertionError, FailureGroup) as failure:
            failures.append(f"{operation.label} ({mode.value}): {failure}")

    call()
    return statuses, failures


# What the fuzzer checks per role (the documented answers, nothing of another förbund) is the
# same on either database, so most roles are fuzzed once, in CI's SQLite pass. What PostgreSQL
# refuses and SQLite takes (NUL characters, values out of a column's range) comes from the input,
# not the role: test_bad_payloads sends such values to every write on both databases, and the
# administrator and staff, who reach the most operations, are fuzzed on PostgreSQL as well.
ON_BOTH_DATABASES = {Role.ADMIN, Role.STAFF}
ROLES = [
    pytest.param(role, marks=() if role in ON_BOTH_DATABASES else pytest.mark.runs_once)
    for role in Role
]


@pytest.mark.skipif(not os.environ.get("SAMORDNA_FUZZ"), reason="make test runs it")
@pytest.mark.parametrize("role", ROLES)
def test_the_api_holds_under_fuzzing(tenant, other_tenant, role, record_property):
    started = time.monotonic()
    _token, secret = create_api_token(tenant.users[role], "fuzz")
    headers = {"Authorization": f"Bearer {secret}"}
    own = _path_parameters(tenant)
    _path_parameters(other_tenant)  # another förbund with objects of every kind, to hide
    checks = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
        negative_data_rejection,
        _only_own_forbund(tenant.forbund.pk, _others_markers(other_tenant)),
    ]
    statuses, failures, operations = [], [], 0
    with _in_process():
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
        for result in schema.get_all_operations():
            operation = result.ok()
            operations += 1
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                answered, found = _fuzz(
                    operation, mode, own.get(operation.path, {}), headers, checks
                )
                statuses += answered
                failures += found
    record_property(
        "api_fuzz",
        {
            "role": role.value,
            "operations": operations,
            "requests": len(statuses),
            "server_errors": sum(status >= 500 for status in statuses),
            "seconds": round(time.monotonic() - started, 1),
        },
    )
    assert not failures, "\n\n".join(failures[:20])

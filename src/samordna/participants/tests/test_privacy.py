"""No page, export or API response outside the vault holds a personnummer or a name."""

import io
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from samordna.accounts.services import create_api_token
from samordna.api.api import api
from samordna.core.models import AuditEvent
from samordna.core.permissions import Role
from samordna.participants import services
from samordna.participants.models import Identity
from samordna.participants.tests import access
from samordna.participants.tests.factories import (
    enrolled,
    fictitious_personal_number,
    intervention_for,
    referral_for,
    registered_participant,
    staff_of,
)

NAME = "Xylofon Påhittadsdotter"
VAULT_PAGES = {"participants:extract"}  # produces the identity only on a POST with a reason


def _needles(n: int) -> list[str]:
    number = fictitious_personal_number(n)  # YYYYMMDD-NNNN
    digits = number.replace("-", "")
    return [NAME, "Xylofon", "Påhittadsdotter", digits, digits[2:], number[2:], number]


def readable(response) -> str:
    """The text a response carries, whether a page, JSON, CSV or an Excel workbook."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        workbook = load_workbook(io.BytesIO(body), read_only=True)
        return " ".join(
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    return body.decode("utf-8", errors="replace")


def _pages_without_arguments(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in {"admin", "api"}:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _pages_without_arguments(entry.url_patterns, inner)
        elif (
            isinstance(entry, URLPattern)
            and entry.name not in (None, "set_language")
            and not entry.pattern.converters
        ):
            yield f"{namespace}{entry.name}"


@pytest.fixture
def populated(tenant):
    intervention = intervention_for(tenant, introduction_weeks=6)
    participant = registered_participant(tenant, n=7, name=NAME)
    enrolment = enrolled(tenant, intervention, participant=participant)
    plan = services.save_plan(staff_of(tenant), enrolment, drawn_up_on=enrolment.start)
    services.add_plan_item(
        staff_of(tenant), plan, kind="goal", description="Praktik", due_on=enrolment.start
    )
    referral_for(tenant, intervention)
    services.reveal_identity(staff_of(tenant), participant, reason="Kontroll inför SIP-möte")
    return tenant


def _page_urls(tenant, whole_project):
    names = set(_pages_without_arguments(get_resolver().url_patterns))
    urls = [
        reverse(name) for name in sorted(names) if whole_project or name.startswith("participants:")
    ]
    urls += [
        reverse(name, kwargs=kwargs(tenant))
        for name, kwargs in access.PAGES.items()
        if name not in VAULT_PAGES
    ]
    return urls


# Every page of the project for the widest pseudonymous reader and the revealing staff member;
# the register's own pages for every role (the others see a subset, and walking all is slow).
WHOLE_PROJECT_ROLES = {Role.ADMIN, Role.STAFF}


@pytest.mark.parametrize("role", list(Role))
def test_no_page_shows_a_personnummer_or_name(populated, role):
    client = populated.client(role)
    needles = _needles(7)
    for url in _page_urls(populated, whole_project=role in WHOLE_PROJECT_ROLES):
        body = readable(client.get(url))
        leaked = [needle for needle in needles if needle in body]
        assert not leaked, f"{url} shows {leaked} to {role}"


def _filled(path, params):
    return re.sub(r"\{(\w+)\}", lambda m: str(params[m.group(1)]), path)


def _api_get_urls(tenant):
    for path, operations in api.get_openapi_schema()["paths"].items():
        if "get" not in operations:
            continue
        if "{" not in path:
            yield path
        elif path in access.API:
            spec = access.API[path](tenant)
            yield _filled(path, spec.get("path", spec))


@pytest.mark.parametrize("role", list(Role))
def test_no_api_response_holds_a_personnummer_or_name(client, populated, role):
    _token, secret = create_api_token(populated.users[role], "privacy")
    needles = _needles(7)
    for url in _api_get_urls(populated):
        body = readable(client.get(url, HTTP_AUTHORIZATION=f"Bearer {secret}"))
        leaked = [needle for needle in needles if needle in body]
        assert not leaked, f"{url} returns {leaked} to {role}"


def test_the_audit_log_and_the_vault_table_hold_no_plain_identity(populated):
    needles = _needles(7)
    for event in AuditEvent.objects.all():
        text = f"{event.reason} {event.details} {event.person_code}"
        assert not [n for n in needles if n in text]
    for identity in Identity.objects.unrestricted():
        assert not [n for n in needles if n in identity.ciphertext + identity.lookup_hash]


def test_import_templates_hold_no_real_looking_identity(populated):
    client = populated.client(Role.STAFF)
    body = client.get(reverse("participants:import_template_csv")).content.decode()
    assert "ÅÅÅÅMMDD-NNNN" in body

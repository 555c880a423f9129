"""The shared test base: two förbund with a user in every role, and clients logged in as them."""

import os
from dataclasses import dataclass, field

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.test import Client, override_settings
from django.utils import translation
from hypothesis import settings

from samordna.accounts.models import User
from samordna.accounts.services import create_api_token
from samordna.accounts.tests.factories import MembershipFactory, log_in_verified
from samordna.core.permissions import Role
from samordna.organisations.models import Forbund, Organisation, OrganisationKind
from samordna.organisations.tests.factories import (
    ForbundFactory,
    MunicipalityOrganisationFactory,
    OrganisationFactory,
)

# Speed is measured by benchmarks, never by a unit test: on a busy two-core machine hypothesis'
# default 200 ms deadline fails examples that are merely slow.
settings.register_profile("samordna", deadline=None)
settings.load_profile("samordna")


def pytest_collection_modifyitems(config, items):
    _require_serialized_rollback(items)
    _run_once(items)


def _require_serialized_rollback(items):
    """Every transactional test restores the serialized rows: a flush without them re-creates the
    content types under new ids (the sequences go on), and the next test that restores the
    serialized rows then collides with them."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = "transactional_db" in item.fixturenames or (
            marker is not None and marker.kwargs.get("transaction")
        )
        restores = "django_db_serialized_rollback" in item.fixturenames or (
            marker is not None and marker.kwargs.get("serialized_rollback")
        )
        if transactional and not restores:
            raise pytest.UsageError(f"{item.nodeid} is transactional: add serialized_rollback")


def _run_once(items):
    """CI runs the suite on SQLite, then on PostgreSQL: a test that starts its own servers
    (whatever DATABASE_URL says), or whose checks do not depend on the database, would only
    repeat itself the second time."""
    if "postgres" not in os.environ.get("DATABASE_URL", ""):
        return
    once = pytest.mark.skip(reason="runs once, in the SQLite pass")
    for item in items:
        if item.get_closest_marker("runs_once"):
            item.add_marker(once)


@dataclass
class Tenant:
    """One förbund as tests use it: its parties and one user per role."""

    forbund: Forbund
    forsakringskassan: Organisation
    region: Organisation
    kommun: Organisation
    users: dict[Role, object] = field(default_factory=dict)

    def client(self, role: Role) -> Client:
        client = Client()
        log_in_verified(client, self.users[role])
        return client

    def api(self, role: Role) -> Client:
        """A client that calls the API with a personal token of the role's user."""
        _token, secret = create_api_token(self.users[role], "test")
        return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def make_tenant(name: str, municipality_codes: list[str]) -> Tenant:
    forbund = ForbundFactory(name=name, municipalities=municipality_codes)
    tenant = Tenant(
        forbund=forbund,
        forsakringskassan=OrganisationFactory(forbund=forbund, name="Försäkringskassan"),
        region=OrganisationFactory(forbund=forbund, name="Region", kind=OrganisationKind.REGION),
        kommun=MunicipalityOrganisationFactory(forbund=forbund),
    )
    employer = {Role.STAFF: tenant.kommun, Role.REFERRER: tenant.forsakringskassan}
    for role in Role:
        membership = MembershipFactory(forbund=forbund, role=role, organisation=employer.get(role))
        tenant.users[role] = membership.user
    return tenant


def fresh(tenant: Tenant) -> Tenant:
    """The same förbund, parties and users read again from the database: a test gets its own
    instances (and its own Tenant, on which helpers may note what they built)."""
    organisations = Organisation.objects.in_bulk(
        [tenant.forsakringskassan.pk, tenant.region.pk, tenant.kommun.pk]
    )
    users = User.objects.in_bulk([user.pk for user in tenant.users.values()])
    return Tenant(
        forbund=Forbund.objects.get(pk=tenant.forbund.pk),
        forsakringskassan=organisations[tenant.forsakringskassan.pk],
        region=organisations[tenant.region.pk],
        kommun=organisations[tenant.kommun.pk],
        users={role: users[user.pk] for role, user in tenant.users.items()},
    )


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TENANT_A = ("Förbund A", ["0662", "0617", "0683"])
TENANT_B = ("Förbund B", ["1489", "1441"])


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is slow by design; tests that are not about hashing use a fast hasher."""
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language (Swedish): a request in English activates it
    for the rest of its thread, so a later test expecting Swedish would pass or fail by the order
    the tests ran in."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture
def tenant(db) -> Tenant:
    """Förbund A: the förbund the test acts in."""
    return make_tenant(*TENANT_A)


@pytest.fixture
def other_tenant(db) -> Tenant:
    """Förbund B: another tenant, whose rows A's users must never see."""
    return make_tenant(*TENANT_B)


@pytest.fixture(scope="module")
def module_tenants(django_db_setup, django_db_blocker):
    """Förbund A and B built once for a whole module, in a transaction rolled back after it.

    For modules of many small tests (the access matrix) where building the two förbund costs more
    than the test. Each test still runs in its own savepoint inside that transaction (pytest's
    `db`), so what a test writes is gone before the next one, which sees A and B as built; it
    gets them read again (`fresh`). Not for transactional tests: they cannot nest."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        module = transaction.atomic()
        module.__enter__()
        built = make_tenant(*TENANT_A), make_tenant(*TENANT_B)
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        module.__exit__(None, None, None)


@pytest.fixture
def shared_tenant(module_tenants, db) -> Tenant:
    """Förbund A of `module_tenants`, for a module that overrides `tenant` with it."""
    return fresh(module_tenants[0])


@pytest.fixture
def shared_other_tenant(module_tenants, db) -> Tenant:
    """Förbund B of `module_tenants`, for a module that overrides `other_tenant` with it."""
    return fresh(module_tenants[1])

"""The intervention's rules: parties, methods, and the status workflow with its history."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samordna.core.models import AuditEvent
from samordna.core.permissions import Role
from samordna.interventions import queries, services
from samordna.interventions.models import (
    DEFAULT_METHODS,
    InterventionStatus,
    Method,
    PartyRole,
)
from samordna.interventions.tests.factories import (
    InterventionFactory,
    InterventionPartyFactory,
    StaffingLineFactory,
    intervention_of,
)
from samordna.organisations.tests.factories import MunicipalityOrganisationFactory

S = InterventionStatus


def test_two_municipalities_count_as_one_party(tenant):
    second_kommun = MunicipalityOrganisationFactory(
        forbund=tenant.forbund, municipality=tenant.forbund.municipalities.last()
    )
    intervention = InterventionFactory(forbund=tenant.forbund)
    InterventionPartyFactory(
        intervention=intervention, organisation=tenant.kommun, role=PartyRole.OWNER
    )
    InterventionPartyFactory(intervention=intervention, organisation=second_kommun)
    admin = tenant.users[Role.ADMIN]
    with pytest.raises(ValidationError, match="minst två parter"):
        services.submit(admin, intervention)
    InterventionPartyFactory(intervention=intervention, organisation=tenant.region)
    services.submit(admin, intervention)
    assert intervention.status_changes.get().to_status == S.SUBMITTED


def test_counted_parties_counts_municipalities_once(tenant):
    assert services.counted_parties([tenant.kommun, tenant.kommun]) == 1
    assert services.counted_parties([tenant.kommun, tenant.region]) == 2
    assert services.counted_parties([tenant.forsakringskassan, tenant.region]) == 2


def test_an_intervention_needs_exactly_one_owner(tenant):
    intervention = InterventionFactory(forbund=tenant.forbund)
    InterventionPartyFactory(intervention=intervention, organisation=tenant.kommun)
    InterventionPartyFactory(intervention=intervention, organisation=tenant.region)
    with pytest.raises(ValidationError, match="insatsägare"):
        services.submit(tenant.users[Role.ADMIN], intervention)


def test_submitting_needs_purpose_and_period(tenant):
    intervention = intervention_of(tenant, purpose="", planned_start=None)
    with pytest.raises(ValidationError) as error:
        services.submit(tenant.users[Role.ADMIN], intervention)
    assert "syfte" in str(error.value) and "planerad start" in str(error.value)


def test_the_whole_status_workflow_is_recorded_with_who(tenant):
    admin = tenant.users[Role.ADMIN]
    intervention = intervention_of(tenant)
    services.submit(admin, intervention)
    services.start_preparation(tenant.users[Role.ANALYST], intervention)
    services.decide(admin, intervention, S.PARTLY_GRANTED)
    services.sign_agreement(admin, intervention)
    services.start(admin, intervention)
    services.end(admin, intervention, comment="Klart")
    changes = list(intervention.status_changes.values_list("from_status", "to_status", "actor"))
    assert changes == [
        (S.DRAFT, S.SUBMITTED, admin.pk),
        (S.SUBMITTED, S.IN_PREPARATION, tenant.users[Role.ANALYST].pk),
        (S.IN_PREPARATION, S.PARTLY_GRANTED, admin.pk),
        (S.PARTLY_GRANTED, S.AGREEMENT_SIGNED, admin.pk),
        (S.AGREEMENT_SIGNED, S.RUNNING, admin.pk),
        (S.RUNNING, S.ENDED, admin.pk),
    ]
    intervention.refresh_from_db()
    assert intervention.status == S.ENDED
    assert AuditEvent.objects.filter(action="intervention.status").count() == 6


@pytest.mark.parametrize(
    ("status", "move"),
    [
        (S.DRAFT, services.start_preparation),
        (S.DRAFT, services.start),
        (S.SUBMITTED, services.sign_agreement),
        (S.REJECTED, services.sign_agreement),
        (S.GRANTED, services.start),
        (S.AGREEMENT_SIGNED, services.end),
        (S.ENDED, services.submit),
    ],
)
def test_a_move_out_of_order_is_refused(tenant, status, move):
    intervention = intervention_of(tenant, status=status)
    with pytest.raises(ValidationError):
        move(tenant.users[Role.ADMIN], intervention)
    intervention.refresh_from_db()
    assert intervention.status == status
    assert not intervention.status_changes.exists()


def test_a_decision_must_grant_partly_grant_or_reject(tenant):
    intervention = intervention_of(tenant, status=S.IN_PREPARATION)
    with pytest.raises(ValidationError):
        services.decide(tenant.users[Role.ADMIN], intervention, S.RUNNING)


def test_resubmitting_keeps_the_preparation_status(tenant):
    intervention = intervention_of(tenant, status=S.IN_PREPARATION)
    change = services.submit(tenant.users[Role.ADMIN], intervention)
    assert change.to_status == S.IN_PREPARATION


@pytest.mark.parametrize("role", [Role.STAFF, Role.REFERRER, Role.BOARD, Role.AUDITOR])
def test_only_the_forbund_office_submits(tenant, role):
    with pytest.raises(PermissionDenied):
        services.submit(tenant.users[role], intervention_of(tenant))


def test_only_the_administrator_records_decisions(tenant):
    intervention = intervention_of(tenant, status=S.IN_PREPARATION)
    with pytest.raises(PermissionDenied):
        services.decide(tenant.users[Role.ANALYST], intervention, S.GRANTED)


def test_a_new_forbund_gets_the_default_methods(tenant):
    names = set(Method.objects.filter(forbund=tenant.forbund).values_list("name", flat=True))
    assert names == set(DEFAULT_METHODS)
    assert {"SKAPA", "BIP", "Rätt stöd – rätt försörjning"} <= names


def test_staffing_table_totals_rows_and_columns(tenant):
    intervention = intervention_of(tenant)
    gislaved, gnosjo = tenant.forbund.municipalities.order_by("name")[:2]
    for organisation, municipality, fte, funded in [
        (tenant.kommun, gislaved, "1.50", True),
        (tenant.kommun, gnosjo, "0.75", True),
        (tenant.forsakringskassan, gislaved, "0.25", True),
        (tenant.region, gnosjo, "0.25", False),
    ]:
        StaffingLineFactory(
            intervention=intervention,
            organisation=organisation,
            municipality=municipality,
            full_time_equivalents=Decimal(fte),
            funded=funded,
        )
    table = queries.staffing_table(intervention, 2021)
    assert table.total == Decimal("2.75")
    assert table.funded == Decimal("2.50")
    assert table.column_totals == [Decimal("1.75"), Decimal("1.00")]
    kommun_row = next(row for row in table.rows if row["organisation"] == tenant.kommun.name)
    assert kommun_row["total"] == Decimal("2.25")
    assert kommun_row["cells"] == [Decimal("1.50"), Decimal("0.75")]

"""The money cycle on the start page: decisions, claims and signatures waiting, per role."""

from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samordna.core import queues
from samordna.core.permissions import Role
from samordna.core.tests.queue import start_page, work_queue
from samordna.funding import services
from samordna.funding.tests.factories import (
    add_line,
    decide,
    draw_agreement,
    running_intervention,
    sign_agreement,
)
from samordna.interventions import services as intervention_services
from samordna.interventions.tests.factories import intervention_of

CLAIMS = "Rekvisitioner att godkänna"
DECISIONS = "Styrelsebeslut att förbereda"


def _claim(tenant, intervention):
    return services.submit_claim(
        tenant.users[Role.ADMIN],
        intervention,
        tenant.kommun,
        date(2021, 10, 1),
        date(2021, 10, 31),
        {"salaries": Decimal(1000)},
    )


def _submitted(tenant, name="Ansökt insats"):
    intervention = intervention_of(tenant, name=name)
    add_line(tenant, intervention, tenant.kommun, 50000, "salaries", position_percent="100")
    intervention_services.submit(tenant.users[Role.ADMIN], intervention)
    return intervention


def test_a_submitted_claim_waits_for_the_administrator_until_approved(tenant):
    claim = _claim(tenant, running_intervention(tenant))
    admin = tenant.client(Role.ADMIN)
    shown = work_queue(admin)[CLAIMS]
    assert shown.count == 1
    assert shown.url == reverse("funding:claims") + "?status=submitted"
    assert reverse("funding:claim", args=[claim.pk]) in start_page(admin)
    services.approve_claim(tenant.users[Role.ADMIN], claim)
    queue = work_queue(admin)
    assert CLAIMS not in queue
    assert queue["Godkända rekvisitioner att betala"].count == 1


def test_an_application_leads_the_administrator_to_the_decision_until_decided(tenant):
    intervention = _submitted(tenant)
    admin = tenant.client(Role.ADMIN)
    assert work_queue(admin)[DECISIONS].count == 1
    page = start_page(admin)
    assert reverse("funding:decision", args=[intervention.pk]) in page
    assert "Ansökt insats: ansökan" in page
    decide(tenant, intervention, {2021: 50000})
    assert DECISIONS not in work_queue(admin)


def test_a_revised_budget_waits_for_the_board(tenant):
    intervention = running_intervention(tenant)
    add_line(tenant, intervention, tenant.kommun, 20000, year=2022)
    services.submit_revision(tenant.users[Role.ADMIN], intervention)
    assert work_queue(tenant.client(Role.ADMIN))[DECISIONS].count == 1
    board_page = start_page(tenant.client(Role.BOARD))
    assert "Ärenden till styrelsens nästa möte" in board_page
    assert f"{intervention.name}: reviderad budget" in board_page
    assert reverse("funding:overview", args=[intervention.pk]) in board_page


def test_an_agreement_drawn_up_waits_for_signature(tenant):
    intervention = _submitted(tenant)
    decide(tenant, intervention, {2021: 50000})
    agreement = draw_agreement(tenant, intervention)
    admin = tenant.client(Role.ADMIN)
    assert work_queue(admin)["Avtal som väntar på underskrift"].count == 1
    assert reverse("funding:agreement_signatories", args=[agreement.pk]) in start_page(admin)
    sign_agreement(tenant, agreement)
    assert "Avtal som väntar på underskrift" not in work_queue(admin)


def test_another_forbunds_claims_and_applications_never_appear(tenant, other_tenant):
    _claim(other_tenant, running_intervention(other_tenant))
    _submitted(other_tenant, name="Grannens insats")
    admin = tenant.client(Role.ADMIN)
    assert work_queue(admin) == {}
    page = start_page(admin)
    assert "Grannens insats" not in page
    assert "Inget väntar på dig just nu." in page


def test_roles_without_the_power_see_no_claims_to_approve(tenant):
    _claim(tenant, running_intervention(tenant))
    for role in (Role.ANALYST, Role.STAFF, Role.BOARD, Role.AUDITOR):
        assert CLAIMS not in work_queue(tenant.client(role))


def _queries_for_queue(tenant) -> int:
    with CaptureQueriesContext(connection) as queries:
        queues.work_queue(tenant.users[Role.ADMIN], tenant.forbund)
    return len(queries)


def test_the_queue_asks_the_same_queries_however_much_waits(tenant, django_assert_max_num_queries):
    admin = tenant.client(Role.ADMIN)
    _claim(tenant, running_intervention(tenant))
    _submitted(tenant, name="Ansökan 0")
    with django_assert_max_num_queries(40):
        admin.get(reverse("home"))
    few = _queries_for_queue(tenant)
    for n in range(1, 4):
        _claim(tenant, running_intervention(tenant))
        _submitted(tenant, name=f"Ansökan {n}")
    assert work_queue(admin)[CLAIMS].count == 4
    assert _queries_for_queue(tenant) == few

"""The interventions' reports on the start page: the analyst accepts them, the board reads them."""

from django.urls import reverse

from samordna.core.permissions import Role
from samordna.core.tests.queue import start_page, work_queue
from samordna.reports import services
from samordna.reports.tests.access import _party_report

TO_ACCEPT = "Insatsrapporter att godkänna"
ACCEPTED = "Nyligen godkända insatsrapporter"


def _submitted(tenant):
    report = _party_report(tenant)
    return services.submit_party_report(tenant.users[Role.ADMIN], report)


def test_a_submitted_report_waits_for_the_analyst_until_accepted_then_the_board_reads_it(tenant):
    report = _submitted(tenant)
    analyst = tenant.client(Role.ANALYST)
    shown = work_queue(analyst)[TO_ACCEPT]
    assert shown.count == 1
    assert shown.url == reverse("reports:party_reports") + "?status=submitted"
    assert reverse("reports:party_report", args=[report.pk]) in start_page(analyst)
    assert TO_ACCEPT not in work_queue(tenant.client(Role.BOARD))

    services.decide_party_report(tenant.users[Role.ANALYST], report, accept=True)
    assert TO_ACCEPT not in work_queue(analyst)
    assert work_queue(tenant.client(Role.BOARD))[ACCEPTED].count == 1


def test_another_forbunds_reports_never_appear(tenant, other_tenant):
    _submitted(other_tenant)
    assert TO_ACCEPT not in work_queue(tenant.client(Role.ANALYST))

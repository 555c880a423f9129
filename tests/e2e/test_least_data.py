"""Least data in the browser: the board member meets aggregates only, never a row; the auditor
opens a pseudonymous row, and the administrator finds that read in the audit log."""

from samordna.accounts.models import Membership
from samordna.core.models import AuditEvent
from samordna.participants.models import Participant
from tests.e2e.conftest import check_page, log_in


def _participants_of(username: str):
    """The participants of the förbund the demo user belongs to."""
    forbund = Membership.objects.get(user__username=username).forbund_id
    return Participant.objects.unrestricted().filter(forbund_id=forbund)


def _codes() -> list[str]:
    return list(_participants_of("styrelse").values_list("code", flat=True))


def test_a_board_member_sees_aggregates_and_no_row(page):
    codes = _codes()
    assert codes, "the demo has participants"
    log_in(page, "styrelse")
    assert page.locator('a[href="/deltagare/"]').count() == 0
    participant = _participants_of("styrelse").first()
    response = page.goto(f"/deltagare/personer/{participant.pk}/")
    assert response.status == 404
    assert page.goto("/deltagare/").status == 403
    assert page.goto("/deltagare/remisser/").status == 403
    page.goto("/rapporter/deltagare/")
    check_page(page, "least-data-board-report")
    html = page.content()
    assert "Startade efter åldersgrupp" in html
    assert not [code for code in codes if code in html]


def test_an_auditors_read_is_audited_and_shown_to_the_administrator(page, browser, live_server):
    participant = _participants_of("revisor").filter(anonymous=False).first()
    log_in(page, "revisor")
    page.goto(f"/deltagare/personer/{participant.pk}/")
    check_page(page, "least-data-auditor-participant")
    assert participant.code in page.content()
    assert AuditEvent.objects.filter(action="participant.read", person_code=participant.code)

    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    admin = context.new_page()
    log_in(admin, "chef")
    admin.goto("/deltagare/granskningslogg/")
    admin.get_by_label("Personkod").fill(participant.code)
    admin.get_by_role("button", name="Filtrera").click()
    check_page(admin, "least-data-audit-log")
    row = admin.get_by_role("row").filter(has_text="revisor")
    assert row.count() >= 1
    assert "granskad läsning" in row.first.inner_text()
    context.close()

"""The papers the board decides on, through the pages: the board member reads the officer's
statement on the revision awaiting it and the activity plan with its budget; the director finds
the statement's proposal and the parties still to accept on the decision page. Each page fits a
desk and a phone and passes axe."""

from datetime import date

from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.e2e.test_design import look_at


def test_the_board_reads_the_statement_and_the_plan(windows):
    for page, width in windows:
        log_in(page, "styrelse")
        page.goto("/finansiering/tjansteutlatanden/")
        look_at(page, f"statements-{width}")
        page.get_by_role("row", name="Väntar på styrelsen").get_by_role("link").click()
        expect(page.get_by_text("Styrelsen föreslås bevilja ansökan")).to_be_visible()
        look_at(page, f"statement-{width}")
        page.goto("/finansiering/verksamhetsplaner/")
        adopted = f"Verksamhetsplan med budget {date.today().year - 1}"
        page.get_by_role("link", name=adopted).click()
        expect(page.locator("#plan-budget")).to_contain_text("Medlemsavgifter")
        look_at(page, f"activity-plan-{width}")


def test_the_decision_page_shows_the_proposal_and_who_has_not_accepted(page):
    log_in(page, "chef")
    page.goto("/")
    page.locator("section.queue").get_by_role(
        "link", name="Samverkansteam Finnveden: reviderad budget"
    ).click()
    expect(page.locator("#officer-proposal")).to_contain_text("beviljad")
    expect(page.locator("#unaccepted-parties")).to_contain_text("Region Jönköpings län")
    look_at(page, "decision-with-statement")

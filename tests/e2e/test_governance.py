"""The board follows its next meeting from the start page, reads the bodies and the minutes of
the meeting held, and the pages fit a phone and pass axe."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import check_page, log_in
from tests.e2e.test_design import sideways_scroll


def test_the_board_opens_its_next_meeting_from_the_work_queue(page):
    log_in(page, "styrelse")
    page.get_by_role("link", name=re.compile("Punkter till styrelsens sammanträde")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Styrelsen, ")
    expect(page.get_by_text("Reviderad budget eller tilläggsansökan").first).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Registrera beslutet"))).to_have_count(0)
    check_page(page, "governance-coming-meeting")
    page.get_by_role("link", name="Organ och sammanträden").first.click()
    expect(page.get_by_text("Karin Ordförandesson, ordförande").first).to_be_visible()
    check_page(page, "governance-bodies")


def test_the_held_meeting_shows_its_decisions_on_a_phone(phone_page):
    log_in(phone_page, "chef")
    phone_page.goto("/organ/")
    phone_page.get_by_role("link", name="Styrelsen", exact=True).click()
    phone_page.get_by_role("row").filter(has_text="Hållet").get_by_role("link").click()
    expect(phone_page.get_by_text("Beslut: Beviljad").first).to_be_visible()
    expect(phone_page.get_by_role("link", name="Protokoll (PDF)")).to_be_visible()
    assert sideways_scroll(phone_page) <= 0
    check_page(phone_page, "governance-held-meeting-phone")

"""A participant answers a survey on a phone from a one-time code, which then cannot be used again."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import check_page, log_in

QUESTIONNAIRE = "Indikatorer – deltagare vid avslut"
HEADING = "Vad tycker du om stödet du har fått?"
USEFUL = "Jag har fått stöd på ett sätt som är till stor nytta för mig"


def issue_one_time_code(page, count: int = 5) -> str:
    """Staff make a batch of links for Finnveden's interventions; returns the first card's code."""
    log_in(page, "medarbetare")
    page.get_by_role("navigation").get_by_role("link", name="Uppföljning").click()
    page.get_by_role("navigation").get_by_role("link", name="Enkäter").click()
    check_page(page, "surveys-list")
    page.get_by_role("link", name=QUESTIONNAIRE).click()
    check_page(page, "surveys-questionnaire")
    page.get_by_role("link", name="Skapa engångslänkar").click()
    check_page(page, "surveys-issue-links")
    page.get_by_label("Insats").select_option(label="Samverkansteam Finnveden")
    page.get_by_label("Antal länkar").fill(str(count))
    page.get_by_role("button", name="Skapa länkar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Engångslänkar")
    cards = page.locator(".survey-card")
    expect(cards).to_have_count(count)
    check_page(page, "surveys-link-sheet")
    return cards.first.locator(".secret").inner_text()


def type_code(phone, code: str) -> None:
    phone.goto("/enkat/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Svara på en enkät")
    phone.get_by_label("Koden på ditt papper").fill(code)
    phone.get_by_role("button", name=re.compile("^Fortsätt")).click()


def test_a_participant_answers_on_a_phone_once_and_only_once(page, phone_page):
    code = issue_one_time_code(page)
    phone = phone_page

    phone.goto("/enkat/")
    check_page(phone, "surveys-phone-enter-code")
    type_code(phone, code)
    expect(phone.get_by_role("heading", level=1)).to_have_text(HEADING)
    expect(phone.get_by_text("Finnvedens samordningsförbund")).to_be_visible()
    check_page(phone, "surveys-phone-questionnaire")

    phone.get_by_role("button", name="Skicka mina svar").click()
    expect(phone.get_by_role("alert")).to_contain_text("Dina svar är inte skickade än.")
    check_page(phone, "surveys-phone-nothing-answered")

    phone.get_by_role("group", name=USEFUL).get_by_label("Alltid").check()
    phone.get_by_role("group", name="Personalen har tagit tillvara").get_by_label("Ofta").check()
    expect(phone.locator("[data-question-progress]")).to_contain_text("2 av")
    phone.get_by_role("button", name="Skicka mina svar").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Tack för dina svar!")
    check_page(phone, "surveys-phone-thanks")

    type_code(phone, code)
    expect(phone.get_by_role("alert")).to_contain_text("Koden fungerar inte.")
    expect(phone.get_by_role("alert")).to_contain_text("Varje kod kan användas en gång.")
    expect(phone.get_by_label("Koden på ditt papper")).to_have_value(code)
    check_page(phone, "surveys-phone-used-link")

    page.reload()
    expect(page.locator(".survey-card")).to_have_count(4)
    expect(page.get_by_text("1 av 5 länkar har använts.")).to_be_visible()

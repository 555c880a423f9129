"""Log in as a demo user, see the start page, move around, log out."""

import re

from django.core import mail
from playwright.sync_api import expect

from tests.e2e.conftest import check_page, log_in


def test_a_demo_user_logs_in_sees_the_start_page_and_logs_out(page):
    log_in(page, "chef")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Finnvedens samordningsförbund (demo)"
    )
    expect(page.get_by_role("region", name="Medlemsorganisationer")).to_contain_text(
        "Region Jönköpings län"
    )
    expect(page.get_by_role("region", name="Kommuner")).to_contain_text("Värnamo")
    check_page(page, "start")

    page.get_by_role("navigation").get_by_role("link", name="Förbundet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisationer")
    check_page(page, "organisations")

    page.get_by_role("link", name="Gnosjö kommun").click()
    expect(page.get_by_text("0617")).to_be_visible()
    check_page(page, "organisation")

    page.get_by_role("link", name="Ändra").click()
    check_page(page, "organisation-edit")
    page.get_by_label("Organisationsnummer").fill("212000-0689")
    page.get_by_role("button", name="Spara").click()
    expect(
        page.get_by_text("Organisationsnumrets kontrollsiffra stämmer inte.", exact=True)
    ).to_be_visible()
    check_page(page, "organisation-edit-error")

    page.get_by_role("link", name="Användare och roller").click()
    check_page(page, "members")
    page.get_by_role("link", name="API-nycklar").click()
    page.get_by_label("Namn").fill("Rapportverktyg")
    page.get_by_role("button", name="Skapa nyckel").click()
    expect(page.get_by_test_id("new-token")).to_contain_text("smd_")
    check_page(page, "tokens")

    page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_role("heading", name="Logga in i Samordna")).to_be_visible()


def test_the_interface_switches_to_english(page):
    log_in(page, "styrelse")
    page.get_by_label("Språk").select_option("en")
    page.get_by_role("button", name="Byt språk").click()
    expect(page.get_by_role("heading", name="Member organisations")).to_be_visible()
    check_page(page, "start-english")


def test_a_user_of_one_forbund_never_sees_the_other(page):
    log_in(page, "insjo-chef")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Samordningsförbundet Insjöriket (demo)"
    )
    expect(page.get_by_text("Gnosjö")).to_have_count(0)
    page.goto("/organisationer/")
    expect(page.get_by_text("Värnamo kommun")).to_have_count(0)


def test_an_invited_person_creates_an_account_and_joins_the_forbund(page, browser, live_server):
    log_in(page, "chef")
    page.goto("/konto/anvandare/")
    page.get_by_label("E-post").fill("ny.ledamot@example.org")
    page.get_by_label("Roll").select_option(label="Styrelseledamot")
    page.get_by_label("Organisation").select_option(label="Region Jönköpings län")
    page.get_by_role("button", name="Skicka inbjudan").click()
    expect(page.get_by_text("En inbjudan skickades till ny.ledamot@example.org")).to_be_visible()
    check_page(page, "members-invited")

    link = re.search(r"https?://\S+/konto/inbjudan/\S+/", mail.outbox[-1].body).group(0)
    invited = browser.new_context(base_url=live_server.url, locale="sv-SE").new_page()
    invited.goto(link)
    check_page(invited, "invitation")
    invited.get_by_label("Användarnamn").fill("ny-ledamot")
    invited.get_by_label("Förnamn").fill("Nils")
    invited.get_by_label("Efternamn").fill("Påhittad")
    invited.get_by_label("Lösenord:", exact=True).fill("ett-långt-lösenord-17")
    invited.get_by_label("Lösenordsbekräftelse").fill("ett-långt-lösenord-17")
    invited.get_by_role("button", name="Skapa konto och acceptera").click()
    expect(
        invited.get_by_text("Välkommen till Finnvedens samordningsförbund (demo)")
    ).to_be_visible()
    invited.context.close()

    page.reload()
    expect(page.get_by_role("cell", name="ny-ledamot", exact=True)).to_be_visible()

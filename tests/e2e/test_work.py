"""The working day through the pages: the administrator's queue leads to the board's decision,
and ending an intervention goes through a confirmation that names its ongoing enrolments."""

import re
from datetime import date

from playwright.sync_api import expect

from samordna.participants.models import Enrolment
from tests.e2e.conftest import check_page, log_in

INTERVENTION = "Samverkansteam Finnveden"
DECISIONS = "Styrelsebeslut att förbereda"


def test_the_administrators_queue_leads_to_the_boards_decision(page):
    next_year = date.today().year + 1
    log_in(page, "chef")
    page.goto("/")
    queue = page.locator("section.queue")
    expect(queue).to_contain_text(DECISIONS)
    check_page(page, "work-queue-administrator")

    queue.get_by_role("link", name=f"{INTERVENTION}: reviderad budget").click()
    check_page(page, "work-queue-decision")
    page.get_by_label("Styrelsemöte").fill(date.today().isoformat())
    page.get_by_label("Paragraf (§)").fill("12")
    page.get_by_role("combobox", name=re.compile("^Beslut")).select_option(label="Beviljad")
    page.get_by_label(f"Beviljat för {next_year} (kr)").fill("1000000")
    expect(page.locator("#unaccepted-parties")).to_contain_text("Region Jönköpings län")
    page.get_by_label("Undantag från parternas godkännande").fill(
        "Regionens underskrift kommer efter mötet."
    )
    page.get_by_role("button", name="Registrera beslutet").click()
    expect(page.locator(f".granted[data-year='{next_year}']")).to_have_text("1 000 000 kr")

    page.goto("/")
    expect(page.locator("section.queue")).not_to_contain_text(f"{INTERVENTION}: reviderad budget")


def test_ending_an_intervention_names_its_ongoing_enrolments_and_asks_what_happens(page):
    ongoing = Enrolment.objects.unrestricted().filter(
        intervention__name=INTERVENTION, end_date=None
    )
    codes = sorted(ongoing.values_list("participant__code", flat=True))
    assert codes, "the demo has ongoing enrolments in the Samverkansteam"
    log_in(page, "chef")
    page.get_by_role("navigation").get_by_role("link", name="Insatser").click()
    page.get_by_role("link", name=INTERVENTION).click()
    page.get_by_role("link", name="Avsluta insatsen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Avsluta {INTERVENTION}")
    expect(page.get_by_text(f"{len(codes)} inskrivningar pågår fortfarande")).to_be_visible()
    for code in codes:
        expect(page.locator("ul.confirm-items")).to_contain_text(code)
    check_page(page, "work-end-intervention")

    page.get_by_role("button", name="Avsluta insatsen").click()
    expect(page.locator("form.form")).to_contain_text("Detta fält måste fyllas i")
    check_page(page, "work-end-intervention-refused")

    page.get_by_label("Avsluta dem tillsammans med insatsen").check()
    page.get_by_label("Typ av avslut, om de avslutas").select_option("no_longer_fits")
    page.get_by_label(re.compile("^Varför några deltagit längre")).fill("Insatsen upphör.")
    page.get_by_role("button", name="Avsluta insatsen").click()
    expect(page.locator("#intervention-status")).to_have_text("Avslutad")
    assert not ongoing.exists()

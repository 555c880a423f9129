"""The money cycle through the pages: application, board decision, agreement PDF, claims."""

import io
import re
from datetime import date

from playwright.sync_api import expect
from pypdf import PdfReader, PdfWriter

from tests.e2e.conftest import check_page, log_in

NAME = "Arbetsträning Gnosjö (e2e)"


def plain_text(pdf: bytes) -> str:
    """The PDF's text with every kind of space as one ordinary space."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


def create_application(page) -> None:
    page.get_by_role("navigation").get_by_role("link", name="Insatser").click()
    page.get_by_role("link", name="Ny insats").click()
    check_page(page, "funding-application-new")
    page.get_by_label("Namn:").fill(NAME)
    page.get_by_label("Planerad start:").fill("2027-01-01")
    page.get_by_label("Planerat slut:").fill("2027-12-31")
    page.get_by_label("Budgeterat antal deltagare:").fill("20")
    page.get_by_label("Syfte:").fill("Fler unga vuxna i arbete eller studier.")
    page.get_by_label("Effektmål:").fill("Hälften av deltagarna närmar sig arbetsmarknaden.")
    for number, organisation, role in [
        (1, "Gnosjö kommun", "Insatsägare"),
        (2, "Försäkringskassan", "Samverkanspart"),
    ]:
        party = page.get_by_role("group", name=f"Part {number}", exact=True)
        party.get_by_label("Organisation:").select_option(label=organisation)
        party.get_by_label("Roll:").select_option(label=role)
        party.get_by_label("Kontaktperson:").fill(f"Kontakt {number}")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(page.locator("#intervention-status")).to_have_text("Utkast")
    check_page(page, "funding-application")


def add_budget_line(page, organisation, category, amount, position=None) -> None:
    form = page.locator("form.form")
    form.get_by_label("År").fill("2027")
    form.get_by_label("Organisation").select_option(label=organisation)
    form.get_by_label("Kategori").select_option(label=category)
    if position:
        form.get_by_label("Tjänst i %").fill(position)
    form.get_by_label("Belopp").fill(amount)
    form.get_by_role("button", name="Lägg till").click()
    expect(page.get_by_text("Budgetraden lades till.")).to_be_visible()


def register_signed_application(page, party: str) -> None:
    """The administrator registers a party's signed copy of the submitted application."""
    signed = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(signed)
    form = page.locator("form").filter(has=page.get_by_label("Undertecknad ansökan (PDF)"))
    form.get_by_label("Part").select_option(label=party)
    form.get_by_label("Undertecknad av").fill(f"Firmatecknare för {party}")
    form.get_by_label("Titel").fill("Förvaltningschef")
    form.get_by_label("Undertecknad ansökan (PDF)").set_input_files(
        {"name": "signerad.pdf", "mimeType": "application/pdf", "buffer": signed.getvalue()}
    )
    form.get_by_role("button", name="Registrera").click()
    expect(page.get_by_text("Den undertecknade ansökan registrerades.")).to_be_visible()


def sign_by_all(page, signed_on: str, agreement: str = "Undertecknare") -> None:
    """From the money page: the förbund and every party of the agreement sign it on paper."""
    page.get_by_role("link", name=agreement).click()
    check_page(page, "funding-agreement-signatories")
    parties = page.get_by_label("Part:", exact=True).locator("option").all_inner_texts()
    assert parties  # the förbund and the agreement's parties
    for party in parties:
        page.get_by_label("Part:", exact=True).select_option(label=party)
        page.get_by_label("Namn:", exact=True).fill(f"Firmatecknare för {party}")
        page.get_by_label("Titel:", exact=True).fill("Ordförande")
        page.get_by_label("Undertecknat:", exact=True).fill(signed_on)
        page.get_by_role("button", name="Lägg till undertecknaren").click()
        expect(page.get_by_text("Undertecknaren sparades.")).to_be_visible()
    expect(page.get_by_text(f"Undertecknat av alla {signed_on}")).to_be_visible()
    page.get_by_role("link", name="Tillbaka till ekonomin").click()


def test_an_application_is_decided_agreed_and_claimed_against(page):
    log_in(page, "chef")
    create_application(page)

    page.get_by_role("link", name="Budget, beslut, avtal och rekvisitioner").click()
    check_page(page, "funding-overview-empty")
    add_budget_line(page, "Gnosjö kommun", "Lönekostnader inkl. PO-pålägg", "300000", "50")
    add_budget_line(page, "Försäkringskassan", "Resor", "20000")
    expect(page.locator(".source-total")).to_have_text("320 000 kr")
    check_page(page, "funding-overview-budget")

    page.get_by_role("link", name="Tillbaka till insatsen").click()
    page.get_by_role("button", name="Skicka in ansökan").click()
    expect(page.locator("#intervention-status")).to_have_text("Inskickad")
    check_page(page, "funding-submitted")

    page.get_by_role("link", name="Budget, beslut, avtal och rekvisitioner").click()
    page.get_by_role("link", name="Version 1").click()
    check_page(page, "funding-version")
    for party in ["Gnosjö kommun", "Försäkringskassan"]:
        register_signed_application(page, party)
    expect(page.get_by_text("Väntar på")).to_have_count(0)
    expect(page.get_by_role("link", name="Undertecknad PDF")).to_have_count(2)
    check_page(page, "funding-version-signed")
    page.get_by_role("link", name="Tillbaka till ekonomin").click()
    page.get_by_role("link", name="Registrera styrelsens beslut").click()
    check_page(page, "funding-decision")
    page.get_by_label("Styrelsemöte").fill(date.today().isoformat())
    page.get_by_label("Paragraf (§)").fill("31")
    page.get_by_label("Diarienummer (dnr)").fill("2026/44")
    page.get_by_role("combobox", name=re.compile("^Beslut")).select_option(label="Delvis beviljad")
    page.get_by_label("Beviljat för 2027 (kr)").fill("300000")
    page.get_by_role("button", name="Registrera beslutet").click()
    expect(page.locator(".granted[data-year='2027']")).to_have_text("300 000 kr")
    expect(page.locator("#intervention-status")).to_have_text("Delvis beviljad")

    page.get_by_role("link", name="Upprätta avtalet").click()
    check_page(page, "funding-agreement")
    page.get_by_label("Utbetalningsintervall").select_option(label="Kvartalsvis")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Avtalet sparades.")).to_be_visible()
    check_page(page, "funding-overview-agreement")

    with page.expect_download() as download:
        page.get_by_role("link", name="Avtalet som PDF").click()
    text = plain_text(download.value.path().read_bytes())
    assert "Finnvedens samordningsförbund (demo)" in text
    assert "Gnosjö kommun" in text and "Försäkringskassan" in text
    for heading in ["§ 1 Parter", "§ 3 Målgrupp", "Ersättning"]:
        assert heading in text
    assert "Omförhandling" not in text and "Tvist" not in text  # optional clauses, not chosen
    assert "300 000 kr för 2027" in text

    sign_by_all(page, date.today().isoformat())
    expect(page.locator("#intervention-status")).to_have_text("Avtal tecknat")

    page.get_by_role("link", name="Ny rekvisition").click()
    check_page(page, "funding-claim-new")
    page.get_by_label("Organisation").select_option(label="Gnosjö kommun")
    page.get_by_label("Period från").fill("2027-01-01")
    page.get_by_label("Period till").fill("2027-03-31")
    page.get_by_label("Lönekostnader inkl. PO-pålägg").fill("70000")
    page.get_by_role("button", name="Skicka in rekvisitionen").click()
    expect(page.get_by_text("Rekvisitionen skickades in.")).to_be_visible()
    overview = page.locator("table.claim-overview")
    expect(overview.locator("thead")).to_contain_text("Budget")
    expect(overview.locator("thead")).to_contain_text("Rekvirerat hittills")
    expect(overview.locator("thead")).to_contain_text("Kvar")
    salaries = overview.get_by_role("row", name=re.compile("^Lönekostnader"))
    expect(salaries.get_by_role("cell")).to_have_text(
        ["300 000 kr", "0 kr", "70 000 kr", "230 000 kr"]
    )
    check_page(page, "funding-claim")
    page.get_by_role("button", name="Godkänn").click()
    expect(page.locator("#claim-status")).to_have_text("Godkänd")
    page.get_by_role("button", name="Markera som utbetald").click()
    expect(page.locator("#claim-status")).to_have_text("Utbetald")
    check_page(page, "funding-claim-paid")

    page.get_by_role("link", name="Tillbaka till ekonomin").click()
    page.get_by_role("link", name="Ny rekvisition").click()
    page.get_by_label("Organisation").select_option(label="Gnosjö kommun")
    page.get_by_label("Period från").fill("2027-04-01")
    page.get_by_label("Period till").fill("2027-12-31")
    page.get_by_label("Lönekostnader inkl. PO-pålägg").fill("260000")
    page.get_by_role("button", name="Skicka in rekvisitionen").click()
    expect(
        page.locator(".error-summary").get_by_text(
            "Rekvisitionen överskrider budgeten eller beviljat belopp; "
            "ange en motivering för att ändå skicka in den."
        )
    ).to_be_visible()
    expect(page.get_by_label("Lönekostnader inkl. PO-pålägg")).to_have_value("260000")
    expect(page.locator(".warning")).to_contain_text("flaggas")
    check_page(page, "funding-claim-over-grant")


def test_finnvedens_revision_for_next_year_is_decided_on_top_of_the_decided_years(page):
    """The demo's revised budget for next year: edit a line, submit it again, the board decides
    next year today and its agreement is signed."""
    today = date.today()
    this_year, next_year = today.year, today.year + 1
    log_in(page, "chef")
    page.get_by_role("navigation").get_by_role("link", name="Insatser").click()
    page.get_by_role("link", name="Samverkansteam Finnveden").click()
    page.get_by_role("link", name="Budget, beslut, avtal och rekvisitioner").click()
    expect(page.locator("#intervention-status")).to_have_text("Pågående")
    check_page(page, "funding-revision-overview")

    page.get_by_role("link", name=re.compile(rf"^Ändra {next_year} .* 60000\.00$")).click()
    check_page(page, "funding-budget-line-edit")
    page.get_by_label("År").fill(str(this_year))
    page.get_by_label("Beskrivning").fill(f"Gemensam utbildning {next_year}")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("form.form")).to_contain_text(f"{this_year} är beslutat")
    expect(page.get_by_label("Beskrivning")).to_have_value(f"Gemensam utbildning {next_year}")
    page.get_by_label("År").fill(str(next_year))
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Budgetraden ändrades.")).to_be_visible()

    page.get_by_role("button", name="Skicka in den reviderade budgeten").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("version 4")
    expect(page.locator("table.diff")).to_contain_text(f"Gemensam utbildning {next_year}")
    check_page(page, "funding-revision-version")

    page.get_by_role("link", name="Tillbaka till ekonomin").click()
    page.get_by_role("link", name="Registrera styrelsens beslut").click()
    expect(page.get_by_label(f"Beviljat för {this_year} (kr)")).to_have_count(0)
    check_page(page, "funding-revision-decision")
    page.get_by_label("Styrelsemöte").fill(today.isoformat())
    page.get_by_label("Paragraf (§)").fill("41")
    page.get_by_role("combobox", name=re.compile("^Beslut")).select_option(label="Beviljad")
    page.get_by_label(f"Beviljat för {next_year} (kr)").fill("3011000")
    page.get_by_role("button", name="Registrera beslutet").click()
    expect(page.locator(".error-summary")).to_contain_text("Godkännande saknas från")
    page.get_by_label("Undantag från parternas godkännande").fill(
        "Parternas underskrifter av den reviderade budgeten kommer efter mötet."
    )
    page.get_by_role("button", name="Registrera beslutet").click()
    expect(page.locator(f".granted[data-year='{next_year}']")).to_have_text("3 011 000 kr")
    expect(page.locator(f".granted[data-year='{this_year}']")).to_have_text("2 948 000 kr")
    expect(page.locator("#intervention-status")).to_have_text("Pågående")
    check_page(page, "funding-revision-decided")

    page.get_by_role("link", name="Upprätta avtalet för de nyss beslutade åren").click()
    expect(page.get_by_label("Gäller från")).to_have_value(f"{next_year}-01-01")
    check_page(page, "funding-revision-agreement")
    page.get_by_label("Utbetalningsintervall").select_option(label="Varannan månad")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Avtalet sparades.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Avtalet som PDF {next_year}-01-01").click()
    text = plain_text(download.value.path().read_bytes())
    assert f"{next_year}-01-01" in text and f"{next_year}-12-31" in text
    assert f"3 011 000 kr för {next_year}" in text
    assert f"Totalt: 3 011 000 kronor för {next_year}." in text
    sign_by_all(page, today.isoformat(), agreement=f"Undertecknare {next_year}-01-01")
    expect(page.locator("#intervention-status")).to_have_text("Pågående")
    check_page(page, "funding-revision-agreement-signed")


def test_methods_and_staffing_lines_are_edited_on_their_pages(page):
    log_in(page, "chef")
    page.goto("/insatser/metoder/")
    check_page(page, "methods")
    page.get_by_role("link", name="Ändra SKAPA").click()
    check_page(page, "method-edit")
    page.get_by_label("Namn").fill("SKAPA (arbetsträning)")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("row", name=re.compile("^SKAPA \\(arbetsträning\\)"))).to_be_visible()

    page.goto("/insatser/")
    page.get_by_role("link", name="Samverkansteam Finnveden").click()
    page.get_by_role("link", name="Bemanning").click()
    page.get_by_role("link", name=re.compile("^Ändra ")).first.click()
    check_page(page, "staffing-edit")
    page.get_by_label("Årsarbetare").fill("1.00")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("form.form")).to_contain_text("beslutat")

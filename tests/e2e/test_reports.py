"""Every report in the catalogue renders in the browser and opens as Excel and as PDF."""

import io
import re

from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.conftest import check_page, log_in


def download(page, link_name: str) -> bytes:
    with page.expect_download() as started:
        page.get_by_role("link", name=link_name, exact=True).click()
    return started.value.path().read_bytes()


def pdf_text(content: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"\s+", " ", text)


def check_files(page, title: str, first_table: str) -> None:
    """The Excel file opens with the report's title and first table; the PDF carries both too."""
    workbook = load_workbook(io.BytesIO(download(page, "Excel")), read_only=True)
    first_column = [row[0] for row in workbook.worksheets[0].iter_rows(values_only=True) if row]
    assert first_column[0] == title
    assert first_table in first_column
    text = pdf_text(download(page, "PDF"))
    assert title in text
    assert first_table in text


def test_every_report_renders_and_opens_as_excel_and_pdf(page):
    log_in(page, "analytiker")
    page.get_by_role("navigation").get_by_role("link", name="Rapporter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapporter")
    check_page(page, "reports-index")
    catalogue = page.get_by_role("region", name="Standardrapporter").get_by_role("link")
    reports = [(link.inner_text(), link.get_attribute("href")) for link in catalogue.all()]
    assert len(reports) >= 10

    for title, href in reports:
        page.goto(href)
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        captions = page.locator("main table caption")
        expect(captions.first).to_be_visible()
        check_page(page, "report-" + href.strip("/").split("/")[-1])
        check_files(page, title, captions.first.inner_text())


def test_a_board_member_reads_a_protected_report_with_its_footnote_and_legend(page):
    log_in(page, "styrelse")
    page.goto("/rapporter/deltagare/")
    expect(page.get_by_role("heading", name="Om siffrorna")).to_be_visible()
    note = page.locator(".protection-note")
    expect(note).to_contain_text("Publicerade siffror är skyddade")
    expect(note).to_contain_text("färre än 5")
    expect(note).to_contain_text("visas inte, för att ingen ska kunna pekas ut")
    expect(page.locator("main table abbr").first).to_have_text("<5")
    expect(page.get_by_text("Ej för publicering")).to_have_count(0)
    check_page(page, "report-protected")


def test_an_analyst_sees_exact_counts_marked_not_for_publication(page):
    log_in(page, "analytiker")
    page.goto("/rapporter/deltagare/")
    page.get_by_label("Visa exakta tal på skärmen (ej för publicering)").check()
    page.get_by_role("button", name="Visa rapporten").click()
    expect(page.locator("main").get_by_text("Ej för publicering:")).to_be_visible()
    expect(page.locator(".protection-note")).to_have_count(0)
    check_page(page, "report-exact")

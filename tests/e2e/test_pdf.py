"""A report's PDF as a board member gets it: downloaded through the page and read back, with
every column of the widest table on the page and every page headed and numbered."""

from datetime import date

from playwright.sync_api import expect

from samordna.core.tests.pdf import read_pdf
from tests.e2e.conftest import check_page, log_in
from tests.e2e.test_reports import download


def test_the_money_report_pdf_keeps_every_column_and_says_whose_and_which_page(page):
    log_in(page, "analytiker")
    page.goto(f"/rapporter/ekonomi/?year={date.today().year - 1}&part=year")
    table = page.locator("main table").first
    expect(table).to_be_visible()
    check_page(page, "report-money")
    headings = table.locator("thead th").all_inner_texts()
    assert len(headings) > 10  # the widest report: landscape

    pages = read_pdf(download(page, "PDF"))
    table_page = next(p for p in pages if "Budget, beviljade medel" in p.text)
    words = {word for line in table_page.lines for word in line.text.split()}
    assert [h for h in headings if not set(h.split()) <= words] == []
    assert table_page.landscape
    for number, pdf_page in enumerate(pages, start=1):
        assert pdf_page.lines_off_the_page() == []
        assert "Finnvedens samordningsförbund (demo) – Ekonomi" in pdf_page.text
        assert "Period: " in pdf_page.text
        assert f"Sida {number} av {len(pages)}" in pdf_page.text


def test_the_progression_chart_shows_first_and_latest_beside_its_table(page):
    log_in(page, "analytiker")
    page.goto(f"/rapporter/progression/?year={date.today().year}&part=year")
    page.get_by_label("Visa exakta tal på skärmen (ej för publicering)").check()
    page.get_by_role("button", name="Visa rapporten").click()
    chart = page.get_by_role("img", name="Medelvärde per indikatorområde och tertial")
    expect(chart).to_be_visible()
    expect(chart.locator("circle.latest").first).to_be_visible()
    check_page(page, "report-progression-chart")

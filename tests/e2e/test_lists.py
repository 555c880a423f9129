"""The lists on a desk and on a phone: the interventions list searched, sorted and emptied by a
filter, and the audit log filtered and exported as Excel, the export then named in the log."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.e2e.conftest import check_page, log_in

WIDTHS = [1366, 390]


@pytest.fixture(params=WIDTHS)
def window(request, browser, live_server, demo):
    """A page in a desktop window, then in a phone-wide one."""
    width = request.param
    context = browser.new_context(
        base_url=live_server.url, locale="sv-SE", viewport={"width": width, "height": 900}
    )
    yield context.new_page(), width
    context.close()


def fits_the_window(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_the_interventions_list_is_searched_sorted_and_honest_when_nothing_matches(window):
    page, width = window
    log_in(page, "chef")
    page.goto(reverse("interventions:list"))
    check_page(page, f"lists-interventions-{width}")
    page.get_by_label("Sök (namn eller part)").fill("Samverkansteam")
    page.get_by_role("button", name="Filtrera").click()
    expect(page.locator(".hits")).to_have_text("1 träff")
    expect(page.get_by_role("link", name="Samverkansteam Finnveden")).to_be_visible()
    assert fits_the_window(page)
    check_page(page, f"lists-interventions-search-{width}")
    page.get_by_label("Sök (namn eller part)").fill("")
    page.get_by_role("button", name="Filtrera").click()
    page.get_by_role("link", name="Period").click()
    expect(page.locator("th[aria-sort]")).to_have_attribute("aria-sort", "ascending")
    page.get_by_role("link", name="Period").click()
    expect(page.locator("th[aria-sort]")).to_have_attribute("aria-sort", "descending")
    check_page(page, f"lists-interventions-sorted-{width}")
    page.get_by_label("Sök (namn eller part)").fill("finns inte")
    page.get_by_role("button", name="Filtrera").click()
    expect(page.locator(".empty-state")).to_contain_text("Inga insatser matchar filtret.")
    check_page(page, f"lists-interventions-no-match-{width}")


def test_the_audit_log_is_filtered_exported_and_names_its_export(window):
    page, width = window
    log_in(page, "revisor")
    page.goto(reverse("participants:audit_log"))
    check_page(page, f"lists-audit-log-{width}")
    page.get_by_label("Användare").fill("chef")
    page.get_by_role("button", name="Filtrera").click()
    expect(page.locator(".hits")).not_to_have_text("0 träffar")
    assert fits_the_window(page)
    check_page(page, f"lists-audit-log-filtered-{width}")
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel").click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert sheet["B1"].value == "Användare"
    assert {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)} == {"chef"}
    page.goto(reverse("participants:audit_log") + "?action=audit.export")
    row = page.locator("tbody tr").first
    expect(row).to_contain_text("Granskningslogg: exporterad")
    expect(row).to_contain_text("Användare: chef, Format: Excel")
    check_page(page, f"lists-audit-log-export-{width}")

"""The report pages and files as a user meets them: protected by default, exact counts only on
screen for permitted roles, and Excel, CSV and PDF that open and hold no small count."""

import csv
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from samordna.core.models import AuditEvent
from samordna.core.permissions import Role
from samordna.core.tests.pdf import read_pdf
from samordna.reports.catalogue import REPORTS
from samordna.reports.models import ReportSettings
from samordna.reports.tables import Unit
from samordna.reports.tests.cohort import build_cohort
from samordna.reports.tests.helpers import run

QUERY = "?year=2025&part=year"


@pytest.fixture
def cohort(tenant):
    return build_cohort(tenant)


def _small_numbers(values, threshold=5) -> list:
    return [v for v in values if isinstance(v, int) and v < threshold]


@pytest.mark.parametrize("name", list(REPORTS))
def test_every_report_page_has_a_heading_tables_with_captions_and_charts(tenant, cohort, name):
    response = tenant.client(Role.BOARD).get(f"/rapporter/{REPORTS[name].path}/{QUERY}")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{REPORTS[name].title}</h1>" in html
    assert "<caption>" in html


def test_the_board_sees_protected_counts(tenant, cohort):
    response = tenant.client(Role.BOARD).get(f"/rapporter/deltagare/{QUERY}&exakt=1")
    html = response.content.decode()
    assert "&lt;5" in html
    assert "ej för publicering" not in html.lower()
    # the footnote and the legend of a protected report
    assert "Publicerade siffror är skyddade" in html
    assert "<dt>..</dt>" in html and "<dt>&lt;5</dt>" in html


def test_an_analyst_may_see_exact_counts_on_screen(tenant, cohort):
    response = tenant.client(Role.ANALYST).get(f"/rapporter/deltagare/{QUERY}&exakt=1")
    html = response.content.decode()
    assert "exakta tal, ej för publicering" in html
    assert "Ej för publicering" in html
    assert "&lt;5</abbr>" not in html


def test_charts_are_described_for_screen_readers(tenant, cohort):
    html = tenant.client(Role.ADMIN).get(f"/rapporter/deltagare/{QUERY}&exakt=1").content.decode()
    assert 'role="img"' in html and "<title id=" in html and "<desc id=" in html


def test_a_bad_year_keeps_the_input_and_says_why(tenant, cohort):
    response = tenant.client(Role.ADMIN).get("/rapporter/deltagare/?year=abc&part=year")
    assert response.status_code == 200
    assert b'value="abc"' in response.content
    assert b"errorlist" in response.content


def test_referring_case_officers_see_no_reports(tenant):
    assert tenant.client(Role.REFERRER).get("/rapporter/").status_code == 403


def _count_columns(tenant, name) -> dict[str, list[int]]:
    """Per protected table title: the positions of its count columns (after the row label)."""
    result = {}
    for table in run(tenant, name).values():
        if table.counts_people:
            units = [table.unit_of(c.code) for c in table.columns] + [table.unit]
            result[table.title] = [i + 1 for i, unit in enumerate(units) if unit is Unit.COUNT]
    return result


@pytest.mark.parametrize("name", list(REPORTS))
def test_excel_export_opens_and_holds_no_small_count(tenant, cohort, name):
    response = tenant.client(Role.ANALYST).get(
        f"/rapporter/{REPORTS[name].path}/excel/{QUERY}&exakt=1"
    )
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    counted = _count_columns(tenant, name)
    assert len(workbook.sheetnames) == len(run(tenant, name))
    for sheet in workbook:
        rows = list(sheet.iter_rows(values_only=True))
        title_row = _title_row(rows)
        columns = counted.get(rows[title_row][0], [])
        body = rows[title_row + 2 :]
        assert not _small_numbers([r[i] for r in body for i in columns if i < len(r)]), sheet


def _title_row(rows) -> int:
    """The table's title follows the report heading lines and one blank row."""
    return next(i for i, r in enumerate(rows) if all(v is None for v in r)) + 1


@pytest.mark.parametrize("name", list(REPORTS))
def test_csv_export_holds_no_small_count(tenant, cohort, name):
    response = tenant.client(Role.ANALYST).get(f"/rapporter/{REPORTS[name].path}/csv/{QUERY}")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == str(REPORTS[name].title)
    counted = _count_columns(tenant, name)
    titles = {table.title for table in run(tenant, name).values()}
    columns: list[int] = []
    for row in rows[1:]:
        if len(row) == 1 and row[0] in titles:
            columns = counted.get(row[0], [])
            continue
        values = [row[i].replace("\u00a0", "") for i in columns if i < len(row)]
        assert not _small_numbers([int(v) for v in values if v.isdigit()]), row


def test_an_intervention_named_like_a_formula_stays_text_in_excel_and_csv(tenant, cohort):
    cohort.team.name = '=HYPERLINK("https://example.org","Samverkansteam")'
    cohort.team.save()
    client = tenant.client(Role.ANALYST)
    excel = client.get(f"/rapporter/deltagare/excel/{QUERY}")
    cells = [c for sheet in load_workbook(io.BytesIO(excel.content)) for r in sheet.rows for c in r]
    assert not [cell.value for cell in cells if cell.data_type == "f"]
    assert cohort.team.name in {cell.value for cell in cells}
    text = client.get(f"/rapporter/deltagare/csv/{QUERY}").content.decode("utf-8-sig")
    labels = [row[0] for row in csv.reader(io.StringIO(text), delimiter=";") if row]
    assert f"'{cohort.team.name}" in labels and cohort.team.name not in labels


@pytest.mark.parametrize("name", list(REPORTS))
def test_pdf_export_opens_with_the_reports_title(tenant, cohort, name):
    response = tenant.client(Role.ADMIN).get(f"/rapporter/{REPORTS[name].path}/pdf/{QUERY}")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert str(REPORTS[name].title) in text


def test_every_export_is_written_to_the_audit_log(tenant, cohort):
    tenant.client(Role.ADMIN).get(f"/rapporter/remisser/csv/{QUERY}")
    event = AuditEvent.objects.get(action="report.export")
    assert event.details["report"] == "referrals" and event.details["format"] == "csv"


def test_the_forbunds_threshold_governs_every_table(tenant, cohort):
    ReportSettings.objects.create(forbund=tenant.forbund, small_cell_threshold=3)
    html = tenant.client(Role.BOARD).get(f"/rapporter/deltagare/{QUERY}").content.decode()
    assert "&lt;3" in html and "&lt;5" not in html


def test_the_administrator_changes_the_threshold_and_perturbation_table_on_a_page(tenant):
    client = tenant.client(Role.ADMIN)
    data = {
        "small_cell_threshold": "4",
        "perturbation_table": "medium",
        "interim_rhythm": "tertial",
        "interim_due_days": "30",
        "annual_statistics_due_month": "2",
        "annual_statistics_due_day": "10",
    }
    assert client.post("/rapporter/installningar/", data).status_code == 302
    saved = ReportSettings.objects.get(forbund=tenant.forbund)
    assert (saved.small_cell_threshold, saved.perturbation_table) == (4, "medium")
    for bad in ({"small_cell_threshold": "2"}, {"perturbation_table": "none"}):
        assert b"errorlist" in client.post("/rapporter/installningar/", data | bad).content
    assert tenant.client(Role.ANALYST).get("/rapporter/installningar/").status_code == 403


def test_the_narrative_is_saved_per_period_and_printed_in_the_pdf(tenant, cohort):
    client = tenant.client(Role.ANALYST)
    response = client.post(
        "/rapporter/delarsrapport/berattelse/",
        {"year": "2025", "part": "jan_aug", "text": "Insatserna har nått fler unga."},
    )
    assert response.status_code == 302
    page = client.get("/rapporter/delarsrapport/?year=2025&part=jan_aug").content.decode()
    assert "Insatserna har nått fler unga." in page
    assert (
        "Insatserna"
        not in client.get("/rapporter/delarsrapport/?year=2025&part=t1").content.decode()
    )
    pdf = client.get("/rapporter/delarsrapport/pdf/?year=2025&part=jan_aug").content
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Insatserna har nått fler unga." in text


def test_board_members_read_the_narrative_but_do_not_write_it(tenant, cohort):
    response = tenant.client(Role.BOARD).post(
        "/rapporter/arsrapport/berattelse/", {"year": "2025", "part": "year", "text": "x"}
    )
    assert response.status_code == 403


def test_the_interim_report_opens_on_the_forbunds_own_interim_period(tenant, cohort):
    client = tenant.client(Role.ADMIN)
    assert b'value="jan_aug" selected' in client.get("/rapporter/delarsrapport/").content
    ReportSettings.objects.create(forbund=tenant.forbund, interim_rhythm="tertial")
    assert b'value="t1" selected' in client.get("/rapporter/delarsrapport/").content


def test_the_money_report_pdf_keeps_every_column_on_a_landscape_page(tenant, cohort):
    query = f"{QUERY}&interventions={cohort.team.pk}"
    content = tenant.client(Role.ADMIN).get(f"/rapporter/ekonomi/pdf/{query}").content
    pages = read_pdf(content)
    (money,) = run(tenant, "money").values()
    table_page = pages[0]
    assert money.title in table_page.text and "Ekonomi" in table_page.text
    words = {word for line in table_page.lines for word in line.text.split()}
    headings = [money.row_heading, *(c.label for c in money.columns)]
    assert [h for h in headings if not set(h.split()) <= words] == []
    assert table_page.landscape
    assert [p.lines_off_the_page() for p in pages] == [[]] * len(pages)
    for number, page in enumerate(pages, start=1):
        assert f"{tenant.forbund.name} – Ekonomi" in page.text
        assert "Period: 2025 · Insatser: Samverkansteam" in page.text
        assert f"Sida {number} av {len(pages)}" in page.text

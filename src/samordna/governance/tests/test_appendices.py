"""The auditors' report travels with the year's annual report, on its page and in its PDF."""

from datetime import date
from io import BytesIO

from pypdf import PdfReader

from samordna.core.permissions import Role
from samordna.funding.tests.factories import signed_pdf
from samordna.governance import services
from samordna.governance.models import AuditorsReport, BodyKind
from samordna.governance.tests.factories import BodyMemberFactory

ANNUAL = "/rapporter/arsrapport/?year=2025&part=year"


def _recorded(tenant, **fields):
    auditor = BodyMemberFactory(
        body__forbund=tenant.forbund,
        body__kind=BodyKind.AUDITORS,
        body__name="Revisorerna",
        name="Fiktiv Revisor",
        organisation=tenant.region,
    )
    fields = {"year": 2025, "dated_on": date(2026, 3, 20)} | fields
    report = AuditorsReport(forbund=tenant.forbund, **fields)
    return services.record_auditors_report(
        tenant.users[Role.AUDITOR], report, [auditor], signed_pdf()
    )


def test_the_board_reads_the_auditors_report_on_the_annual_reports_page(tenant):
    _recorded(tenant, recommends_discharge=False, remarks="Budgeten följdes inte upp.")
    page = tenant.client(Role.BOARD).get(ANNUAL).content.decode()
    assert "Revisionsberättelse för 2025" in page
    assert "Fiktiv Revisor (Region)" in page
    assert "Tillstyrker inte ansvarsfrihet" in page and "Budgeten följdes inte upp." in page


def test_the_annual_reports_pdf_carries_the_auditors_report(tenant):
    _recorded(tenant)
    response = tenant.client(Role.ADMIN).get("/rapporter/arsrapport/pdf/?year=2025&part=year")
    reader = PdfReader(BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Revisionsberättelse för 2025" in text and "Tillstyrker ansvarsfrihet" in text


def test_staff_read_the_annual_report_without_the_auditors_report(tenant):
    _recorded(tenant)
    page = tenant.client(Role.STAFF).get(ANNUAL).content.decode()
    assert "Revisionsberättelse" not in page


def test_the_auditors_are_asked_for_the_report_while_none_is_recorded(tenant):
    page = tenant.client(Role.AUDITOR).get(ANNUAL).content.decode()
    assert "Ingen revisionsberättelse är registrerad för året." in page
    assert "/revisionsberattelser/ny/" in page

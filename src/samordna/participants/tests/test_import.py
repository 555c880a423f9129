"""Import from CSV or Excel: checked row by row, every error with its row number, all or nothing."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from samordna.core.models import AuditEvent
from samordna.core.permissions import Role
from samordna.participants import importer
from samordna.participants.models import Enrolment, Identity, Participant
from samordna.participants.tests.factories import fictitious_personal_number, intervention_for


@pytest.fixture
def intervention(tenant):
    return intervention_for(tenant, name="Samverkansteam Test")


def _row(tenant, n, **changes):
    values = {
        "personnummer": fictitious_personal_number(n),
        "namn": f"Import Påhittad{n}",
        "anonym": "nej",
        "kon": "woman",
        "kommunkod": tenant.forbund.municipalities.first().code,
        "samtycke_datum": "2025-01-10",
        "insats": "Samverkansteam Test",
        "start": "2025-02-01",
        "planerat_slut": "2025-12-31",
        "ansvarig": tenant.users[Role.STAFF].username,
        "inkomstkallor_start": "sickness_benefit,social_assistance",
        "sysselsattning_start": "none",
        "utbildning": "upper_secondary",
        "tid_forsorjning": "1_2",
        "slut_datum": "",
        "avslutstyp": "",
        "avslutsorsak": "",
        "inkomstkallor_slut": "",
        "sysselsattning_slut": "",
        "utbildning_slut": "",
    }
    return values | changes


def _csv(rows) -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(importer.COLUMNS)
    writer.writerows([row[c] for c in importer.COLUMNS] for row in rows)
    return SimpleUploadedFile("deltagare.csv", buffer.getvalue().encode("utf-8"))


def _import(tenant, upload):
    with translation.override("sv"):
        return importer.import_file(tenant.users[Role.STAFF], tenant.forbund, upload)


def _nothing_written():
    return (
        not Participant.objects.unrestricted().exists()
        and not Enrolment.objects.unrestricted().exists()
        and not Identity.objects.unrestricted().exists()
        and not AuditEvent.objects.filter(action__startswith="participant.").exists()
    )


def test_a_good_file_imports_every_row(tenant, intervention):
    ended = _row(
        tenant,
        2,
        slut_datum="2025-09-30",
        avslutstyp="completed",
        avslutsorsak="work",
        inkomstkallor_slut="salary",
        sysselsattning_slut="work_part_time",
        utbildning_slut="upper_secondary",
    )
    anonymous = _row(tenant, 3, anonym="ja", personnummer="", namn="", kommunkod="")
    result = _import(tenant, _csv([_row(tenant, 1), ended, anonymous]))
    assert result.ok and result.enrolments == 3
    enrolments = Enrolment.objects.unrestricted().order_by("pk")
    assert [e.end_kind for e in enrolments] == ["", "completed", ""]
    assert enrolments[0].income_sources_at_start == ["sickness_benefit", "social_assistance"]
    assert enrolments[1].occupation_at_end == "work_part_time"
    assert Identity.objects.unrestricted().count() == 2
    assert enrolments[2].participant.anonymous


def test_one_bad_row_writes_nothing_and_every_error_is_listed_in_swedish(tenant, intervention):
    rows = [
        _row(tenant, 1),
        _row(tenant, 2, personnummer="19900101-0018"),
        _row(tenant, 3, utbildning="doktor", start="1 feb"),
    ]
    result = _import(tenant, _csv(rows))
    assert not result.ok
    assert [number for number, _message in result.errors] == [3, 4]
    assert "personnummer" in result.errors[0][1]
    assert _nothing_written()


def test_a_row_the_services_refuse_also_writes_nothing(tenant, intervention):
    rows = [_row(tenant, 1), _row(tenant, 2, planerat_slut="2026-06-30")]  # beyond one year
    result = _import(tenant, _csv(rows))
    assert [number for number, _message in result.errors] == [3]
    assert _nothing_written()


def test_the_excel_template_imports_once_filled_in(tenant, intervention):
    workbook = load_workbook(io.BytesIO(importer.template_xlsx()))
    sheet = workbook["Deltagare"]
    assert [c.value for c in sheet[1]] == importer.COLUMNS
    sheet.delete_rows(2)
    sheet.append([_row(tenant, 5)[c] for c in importer.COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = _import(tenant, SimpleUploadedFile("deltagare.xlsx", buffer.getvalue()))
    assert result.ok and result.enrolments == 1


def test_the_import_page_lists_the_errors_by_row(tenant, intervention):
    client = tenant.client(Role.STAFF)
    response = client.post(
        reverse("participants:import"), {"file": _csv([_row(tenant, 1, kon="x")])}
    )
    assert response.status_code == 200
    assert (
        "Nothing was imported" in response.content.decode() or "Inget" in response.content.decode()
    )
    assert _nothing_written()
    template = client.get(reverse("participants:import_template_xlsx"))
    assert template.status_code == 200


def test_the_import_page_shows_progress_and_answers_htmx_with_the_result(tenant, intervention):
    client = tenant.client(Role.STAFF)
    page = client.get(reverse("participants:import")).content.decode()
    assert '<progress id="import-progress"' in page
    bad = client.post(
        reverse("participants:import"),
        {"file": _csv([_row(tenant, 1, kon="x")])},
        HTTP_HX_REQUEST="true",
    )
    assert "<html" not in bad.content.decode() and "Inget importerades" in bad.content.decode()
    good = client.post(
        reverse("participants:import"), {"file": _csv([_row(tenant, 1)])}, HTTP_HX_REQUEST="true"
    )
    assert good["HX-Redirect"] == reverse("participants:list")
    assert Enrolment.objects.unrestricted().count() == 1

"""What an import file may cost: its size, its rows, the errors reported, and a spreadsheet's
unpacked XML. A file beyond a limit is refused as a whole, in Swedish, and nothing is written."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from samordna.core.permissions import Role
from samordna.participants import importer
from samordna.participants.models import Enrolment, ImportJob
from samordna.participants.tests.test_import import _csv, _import, _nothing_written, _row

URL = "/api/v1/participants/import"


@pytest.fixture
def intervention(tenant):
    from samordna.participants.tests.factories import intervention_for

    return intervention_for(tenant, name="Samverkansteam Test")


def _text_upload(text: str, name="deltagare.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"))


def _lines(tenant, rows, delimiter=";", extra_header=None) -> str:
    header = [*importer.COLUMNS, *([extra_header] if extra_header else [])]
    lines = [delimiter.join(header)]
    lines += [delimiter.join(row[c] for c in importer.COLUMNS) for row in rows]
    return "\n".join(lines)


def test_the_separator_is_read_from_the_header_even_when_a_column_name_holds_a_comma(
    tenant, intervention
):
    semicolons = _lines(tenant, [_row(tenant, 1)], extra_header="anteckningar, fritt")
    assert _import(tenant, _text_upload(semicolons)).enrolments == 1
    commas = _lines(tenant, [_row(tenant, 2, inkomstkallor_start="salary")], delimiter=",")
    assert _import(tenant, _text_upload(commas)).enrolments == 1


def test_a_crafted_first_line_is_refused_as_lacking_the_columns(tenant, intervention):
    crafted = ';"a,' * 8192  # 32 KB that cost csv.Sniffer 12-30 s to guess from
    result = _import(tenant, _text_upload(crafted + "\n" + crafted))
    assert [message for _row, message in result.errors] == [
        "Filen saknar rader eller mallens kolumner."
    ]


def test_a_file_over_five_megabytes_is_refused_before_it_is_read(tenant, intervention):
    big = _lines(tenant, [_row(tenant, 1)]) + "\n" + "x" * (5 * 1024 * 1024)
    result = _import(tenant, _text_upload(big))
    assert result.errors == [(0, "Filen är större än 5 MB. Dela upp den i flera filer.")]
    page = tenant.client(Role.STAFF).post(
        reverse("participants:import"), {"file": _text_upload(big)}
    )
    assert "Filen är större än 5 MB" in page.content.decode()
    assert _nothing_written()


def test_a_file_with_more_rows_than_the_limit_is_refused(tenant, intervention, monkeypatch):
    monkeypatch.setattr(importer, "MAX_ROWS", 3)
    rows = [_row(tenant, n) for n in range(1, 5)]
    result = _import(tenant, _csv(rows))
    assert result.errors == [(0, "Filen har fler än 3 rader. Dela upp den i flera filer.")]
    assert _import(tenant, _csv(rows[:3])).enrolments == 3


def test_the_error_report_stops_at_its_limit_and_says_how_many_more(
    tenant, intervention, monkeypatch
):
    monkeypatch.setattr(importer, "MAX_REPORTED_ERRORS", 2)
    monkeypatch.setattr(importer, "CHUNK_ROWS", 2)
    bad = _csv([_row(tenant, n, kon="x") for n in range(1, 6)])
    client = tenant.client(Role.STAFF)
    answer = client.post(URL, {"forbund": tenant.forbund.pk, "file": bad}).json()
    assert [error["row"] for error in answer["errors"]] == [2, 3]
    assert answer["error_count"] == 5

    bad.seek(0)
    client.post(reverse("participants:import"), {"file": bad})
    job = ImportJob.objects.unrestricted().get()
    while not job.finished:
        page = client.post(reverse("participants:import_step", args=[job.pk]))
        job.refresh_from_db()
    text = page.content.decode()
    assert "5 fel hittades." in text and "… och 3 fler fel" in text
    assert [number for number, _message in job.errors] == [2, 3]
    assert _nothing_written()


def _xlsx(tenant, change=None) -> bytes:
    workbook = load_workbook(io.BytesIO(importer.template_xlsx()))
    sheet = workbook["Deltagare"]
    sheet.delete_rows(2)
    sheet.append([_row(tenant, 5)[c] for c in importer.COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    if change is None:
        return buffer.getvalue()
    changed = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(changed, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, change(data) if item.filename.endswith("sheet1.xml") else data)
    return changed.getvalue()


def test_an_excel_file_that_unpacks_beyond_the_limit_is_refused(tenant, intervention, monkeypatch):
    good = _xlsx(tenant)
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        unpacked = sum(item.file_size for item in archive.infolist())
    monkeypatch.setattr(importer, "MAX_UNPACKED_BYTES", unpacked + 1000)
    padded = _xlsx(tenant, lambda xml: xml + b" " * 2000)
    result = _import(tenant, SimpleUploadedFile("deltagare.xlsx", padded))
    assert result.errors == [(0, "Excelfilen är för stor uppackad. Dela upp den i flera filer.")]
    assert _import(tenant, SimpleUploadedFile("deltagare.xlsx", good)).enrolments == 1


def test_an_excel_file_declaring_xml_entities_is_not_read(tenant, intervention):
    """An entity declaration is how an XML bomb (billion laughs) starts: defusedxml refuses it."""
    entity = b'<!DOCTYPE worksheet [<!ENTITY lol "lol">]>'

    declared = _xlsx(tenant, lambda xml: entity + xml)
    result = _import(tenant, SimpleUploadedFile("deltagare.xlsx", declared))
    assert result.errors == [(0, "Filen kunde inte läsas som CSV eller Excel.")]
    assert not Enrolment.objects.unrestricted().exists()

"""Import from CSV or Excel: checked row by row, every error with its row number, all or nothing."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from samordna.core.models import AuditEvent
from samordna.core.permissions import Role
from samordna.participants import importer
from samordna.participants.models import (
    Enrolment,
    Identity,
    ImportJob,
    ImportJobStatus,
    Participant,
    Referral,
)
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
        "anmalan_datum": "",
        "anmalan_initierad_av": "",
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


def test_a_row_with_its_referral_links_the_enrolment_to_it(tenant, intervention):
    row = _row(tenant, 1, anmalan_datum="2025-01-20", anmalan_initierad_av="af")
    assert _import(tenant, _csv([row, _row(tenant, 2)])).ok
    referral = Referral.objects.unrestricted().get()
    enrolment = Enrolment.objects.unrestricted().get(referral=referral)
    assert (referral.initiating_party, referral.received_on.isoformat()) == ("af", "2025-01-20")
    assert (referral.outcome, referral.outcome_on) == ("enrolled", enrolment.start)
    assert referral.participant == enrolment.participant
    assert referral.gender == enrolment.participant.gender


def test_a_referral_after_the_start_or_half_given_is_refused(tenant, intervention):
    rows = [
        _row(tenant, 1, anmalan_datum="2025-03-01", anmalan_initierad_av="fk"),
        _row(tenant, 2, anmalan_datum="2025-01-20"),
    ]
    result = _import(tenant, _csv(rows))
    assert [number for number, _message in result.errors] == [2, 3]
    assert "efter start" in result.errors[0][1]
    assert "anmalan_initierad_av" in result.errors[1][1]
    assert _nothing_written() and not Referral.objects.unrestricted().exists()


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


# The paced import: the page checks a chunk of rows per request and writes at the very end


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(importer, "CHUNK_ROWS", 2)


def _step(client, job):
    url = reverse("participants:import_step", args=[job.pk])
    return client.post(url, HTTP_HX_REQUEST="true")


def test_a_large_file_is_checked_over_several_requests_and_written_only_at_the_end(
    tenant, intervention, small_chunks
):
    client = tenant.client(Role.STAFF)
    rows = [_row(tenant, n) for n in range(1, 6)]
    upload = client.post(
        reverse("participants:import"), {"file": _csv(rows)}, HTTP_HX_REQUEST="true"
    )
    job = ImportJob.objects.unrestricted().get()
    assert job.total == 5 and job.checked == 0 and _nothing_written()
    assert 'hx-trigger="load"' in upload.content.decode()
    shown = [_step(client, job).content.decode() for _request in range(3)]
    assert "Rad 2 av 5 kontrollerad" in shown[0] and 'value="2"' in shown[0]
    assert "Rad 4 av 5 kontrollerad" in shown[1]
    assert "Alla 5 rader är kontrollerade" in shown[2]
    assert _nothing_written()
    done = _step(client, job)
    assert done["HX-Redirect"] == reverse("participants:list")
    assert Enrolment.objects.unrestricted().count() == 5
    job.refresh_from_db()
    assert job.status == ImportJobStatus.IMPORTED and job.enrolments == 5 and job.rows == []


def test_the_progress_page_shows_an_accessible_progress_bar(tenant, intervention, small_chunks):
    client = tenant.client(Role.STAFF)
    response = client.post(reverse("participants:import"), {"file": _csv([_row(tenant, 1)] * 3)})
    job = ImportJob.objects.unrestricted().get()
    assert response.status_code == 200
    page = client.get(reverse("participants:import_job", args=[job.pk])).content.decode()
    assert 'role="status"' in page and 'aria-live="polite"' in page
    assert '<label for="import-check-progress">Rad 0 av 3 kontrollerad' in page
    assert '<progress id="import-check-progress" max="3" value="0">' in page


def _run(tenant, rows):
    staff = tenant.users[Role.STAFF]
    with translation.override("sv"):
        job = importer.start_job(staff, tenant.forbund, _csv(rows))
        while not job.finished:
            assert _nothing_written()
            job = importer.advance_job(staff, job)
    return job


def test_a_bad_row_in_any_chunk_writes_nothing_and_every_error_is_listed(
    tenant, intervention, small_chunks
):
    rows = [_row(tenant, n) for n in range(1, 6)]
    rows[1]["kon"] = "x"
    rows[4]["personnummer"] = "19900101-0018"
    job = _run(tenant, rows)
    assert job.status == ImportJobStatus.FAILED and job.checked == 5
    assert [number for number, _message in job.errors] == [3, 6]
    assert _nothing_written()


def test_a_finished_job_keeps_no_name_or_personnummer(tenant, intervention, small_chunks):
    bad = _row(tenant, 2, personnummer="19900101-0018")
    for rows in ([_row(tenant, 1), bad], [_row(tenant, 1)]):
        job = _run(tenant, rows)
        job.refresh_from_db()
        kept = json.dumps([job.rows, job.errors], ensure_ascii=False)
        assert job.rows == [] and "Påhittad" not in kept and "19900101" not in kept
        assert fictitious_personal_number(1)[:8] not in kept


def test_a_row_the_services_refuse_at_the_end_fails_the_whole_job(
    tenant, intervention, small_chunks
):
    rows = [_row(tenant, n) for n in range(1, 4)] + [_row(tenant, 4, planerat_slut="2026-06-30")]
    job = _run(tenant, rows)
    assert job.status == ImportJobStatus.FAILED
    assert [number for number, _message in job.errors] == [5]
    assert _nothing_written()


def test_an_import_job_is_seen_only_by_its_uploader(tenant, intervention, small_chunks):
    job = importer.start_job(tenant.users[Role.STAFF], tenant.forbund, _csv([_row(tenant, 1)] * 3))
    url = reverse("participants:import_job", args=[job.pk])
    assert tenant.client(Role.STAFF).get(url).status_code == 200
    assert tenant.client(Role.ADMIN).get(url).status_code == 404
    step = reverse("participants:import_step", args=[job.pk])
    assert tenant.client(Role.ADMIN).post(step).status_code == 404


def test_gallra_deletes_import_jobs_older_than_a_day(tenant, intervention, small_chunks):
    staff = tenant.users[Role.STAFF]
    old, recent = (
        importer.start_job(staff, tenant.forbund, _csv([_row(tenant, 1)] * 3)) for _ in "ab"
    )
    ImportJob.objects.unrestricted().filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=1, minutes=1)
    )
    call_command("gallra", stdout=io.StringIO())
    assert list(ImportJob.objects.unrestricted().values_list("pk", flat=True)) == [recent.pk]


def test_the_api_imports_a_file_in_one_request(tenant, intervention):
    client = tenant.client(Role.STAFF)
    url = "/api/v1/participants/import"
    bad = client.post(url, {"forbund": tenant.forbund.pk, "file": _csv([_row(tenant, 1, kon="x")])})
    assert bad.status_code == 422 and bad.json()["errors"][0]["row"] == 2
    assert _nothing_written()
    good = client.post(url, {"forbund": tenant.forbund.pk, "file": _csv([_row(tenant, 1)])})
    assert good.status_code == 201 and good.json() == {
        "enrolments": 1,
        "errors": [],
        "error_count": 0,
    }
    refused = tenant.client(Role.ADMIN).post(
        url, {"forbund": tenant.forbund.pk, "file": _csv([_row(tenant, 2)])}
    )
    assert refused.status_code == 403

"""Import of participants and enrolments from CSV or Excel: checked row by row, all or nothing.

Each row is one enrolment of one person. Every error is listed with its row number; if any row
is wrong nothing is written. Rows go through the same services as the pages. The API imports in
one request (`import_file`); the page keeps the rows in an ImportJob and checks them a chunk per
request (`start_job`, `advance_job`) so that it can show how far it has come.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import islice
from typing import Any, Literal, overload

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from samordna.core import audit, exports, permissions
from samordna.interventions.models import Intervention
from samordna.organisations.models import Municipality
from samordna.participants import services, vault
from samordna.participants.choices import (
    EducationLevel,
    EndKind,
    EndReason,
    Gender,
    IncomeSource,
    InitiatingParty,
    Occupation,
    SupportDuration,
)
from samordna.participants.eligibility import Facts
from samordna.participants.models import ImportJob, ImportJobStatus

CHUNK_ROWS = 200
"""Rows one request checks: well under a second (about 1.5 ms a row on SQLite)."""

FIRST_ROW_NUMBER = 2
"""The file's first data row, below the header, as a spreadsheet numbers it."""

COLUMNS = [
    "personnummer",
    "namn",
    "anonym",
    "kon",
    "kommunkod",
    "samtycke_datum",
    "insats",
    "start",
    "planerat_slut",
    "ansvarig",
    "inkomstkallor_start",
    "sysselsattning_start",
    "utbildning",
    "tid_forsorjning",
    "slut_datum",
    "avslutstyp",
    "avslutsorsak",
    "inkomstkallor_slut",
    "sysselsattning_slut",
    "utbildning_slut",
    "anmalan_datum",
    "anmalan_initierad_av",
]

EXAMPLE = [
    "ÅÅÅÅMMDD-NNNN",
    "Förnamn Efternamn",
    "nej",
    "woman",
    "0662",
    "2025-01-10",
    "Samverkansteam Finnveden",
    "2025-01-15",
    "2025-12-31",
    "medarbetare",
    "sickness_benefit,social_assistance",
    "none",
    "upper_secondary",
    "1_2",
    "",
    "",
    "",
    "",
    "",
    "",
    "2025-01-08",
    "fk",
]


@dataclass
class ImportResult:
    errors: list[tuple[int, str]] = field(default_factory=list)
    """The first MAX_REPORTED_ERRORS errors; `error_count` counts them all."""
    error_count: int = 0
    enrolments: int = 0

    @classmethod
    def refused(cls, errors: list[tuple[int, str]]) -> "ImportResult":
        return cls(errors=errors[:MAX_REPORTED_ERRORS], error_count=len(errors))

    @property
    def ok(self) -> bool:
        return not self.error_count


def template_csv() -> bytes:
    return exports.csv_bytes([COLUMNS, EXAMPLE])


def template_xlsx() -> bytes:
    workbook = exports.new_workbook()
    sheet = exports.add_sheet(workbook, "Deltagare", header=COLUMNS)
    exports.append_row(sheet, EXAMPLE)
    codes = exports.add_sheet(workbook, "Koder", column_widths=[30, *[28] * 12])
    for column, choices in _CODE_LISTS.items():
        exports.append_row(codes, [column, *(f"{code} = {label}" for code, label in choices)])
    return exports.workbook_bytes(workbook)


_CODE_LISTS = {
    "kon": Gender.choices,
    "inkomstkallor_start, inkomstkallor_slut": IncomeSource.choices,
    "sysselsattning_start, sysselsattning_slut": Occupation.choices,
    "utbildning, utbildning_slut": EducationLevel.choices,
    "tid_forsorjning": SupportDuration.choices,
    "avslutstyp": EndKind.choices,
    "avslutsorsak": EndReason.choices,
    "anmalan_initierad_av": InitiatingParty.choices,
}


MAX_FILE_BYTES = 5 * 1024 * 1024
"""An import file's size: about 10 000 rows of the template are well under 5 MB."""

MAX_ROWS = 10_000
"""Rows in one file: checked a chunk per request, they take a few minutes at most."""

MAX_REPORTED_ERRORS = 100
"""Errors listed for a refused file; the rest are only counted."""

MAX_UNPACKED_BYTES = 50 * 1024 * 1024
"""An Excel file's XML once unzipped: a few kilobytes can otherwise unpack to gigabytes."""

SEPARATOR_PREFIX = 4096
"""Characters of the first line that decide the CSV separator."""


class UnreadableFile(Exception):
    """The file as a whole cannot be imported; the message says why, in the user's language."""


def _separator(text: str) -> str:
    """Semicolon (Swedish Excel) or comma, whichever the header uses more: counting is linear,
    where csv.Sniffer's guessing grows quadratically with a crafted line."""
    header = text[:SEPARATOR_PREFIX].split("\n", 1)[0]
    return ";" if header.count(";") >= header.count(",") else ","


def _excel_values(uploaded) -> list[list]:
    """The active sheet's values, read-only and streamed; the XML is parsed by defusedxml
    (openpyxl uses it when installed) and may not unpack beyond MAX_UNPACKED_BYTES."""
    with zipfile.ZipFile(uploaded) as archive:
        if sum(item.file_size for item in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise UnreadableFile(
                _("The Excel file is too large unpacked. Split it into several files.")
            )
    uploaded.seek(0)
    sheet = load_workbook(uploaded, read_only=True, data_only=True).active
    rows = sheet.iter_rows(values_only=True)
    return [["" if v is None else v for v in row] for row in islice(rows, MAX_ROWS + 2)]


def _csv_values(uploaded) -> list[list]:
    text = uploaded.read().decode("utf-8-sig")
    rows = csv.reader(io.StringIO(text), delimiter=_separator(text))
    return list(islice(rows, MAX_ROWS + 2))  # the header, the rows allowed, one too many


def read_rows(uploaded) -> list[dict]:
    """The data rows of a CSV (semicolon or comma) or Excel file, as dicts by column name."""
    if uploaded.size > MAX_FILE_BYTES:
        raise UnreadableFile(
            _("The file is larger than %(size)s MB. Split it into several files.")
            % {"size": MAX_FILE_BYTES // (1024 * 1024)}
        )
    if uploaded.name.lower().endswith(".xlsx"):
        values = _excel_values(uploaded)
    else:
        values = _csv_values(uploaded)
    if len(values) > MAX_ROWS + 1:
        raise UnreadableFile(
            _("The file has more than %(count)s rows. Split it into several files.")
            % {"count": number_format(MAX_ROWS, force_grouping=True)}
        )
    if not values:
        return []
    header = [str(h).strip().lower() for h in values[0]]
    return [dict(zip(header, row, strict=False)) for row in values[1:] if any(row)]


class _RowError(Exception):
    pass


def _text(row, column) -> str:
    value = row.get(column, "")
    if isinstance(value, date):
        return value.isoformat()[:10]
    return str(value).strip()


@overload
def _date(row, column, required: Literal[True] = ...) -> date: ...
@overload
def _date(row, column, required: bool) -> date | None: ...
def _date(row, column, required=True) -> date | None:
    value = _text(row, column)
    if not value:
        if required:
            raise _RowError(_("%(column)s is missing.") % {"column": column})
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError as error:
        raise _RowError(
            _("%(column)s: %(value)s is not a date (YYYY-MM-DD).")
            % {"column": column, "value": value}
        ) from error


def _code(row, column, choices, required=True) -> str:
    value = _text(row, column)
    if not value and not required:
        return ""
    if value not in choices.values:
        raise _RowError(
            _("%(column)s: %(value)s is not one of %(codes)s.")
            % {"column": column, "value": value or "–", "codes": ", ".join(choices.values)}
        )
    return value


def _codes(row, column, required=True) -> list[str]:
    codes = [c.strip() for c in re.split(r"[,;|]", _text(row, column)) if c.strip()]
    if required and not codes:
        raise _RowError(_("%(column)s is missing.") % {"column": column})
    for code in codes:
        _code({column: code}, column, IncomeSource)
    return codes


def _lookup(queryset, column, value, **filters):
    found = queryset.filter(**filters).first()
    if found is None:
        raise _RowError(
            _("%(column)s: %(value)s was not found.") % {"column": column, "value": value or "–"}
        )
    return found


def _parse(row, actor, forbund) -> dict:
    anonymous = _text(row, "anonym").lower() in {"ja", "yes", "1", "x"}
    parsed: dict[str, Any] = {"anonymous": anonymous, "gender": _code(row, "kon", Gender)}
    if not anonymous:
        try:
            number = vault.normalise_personal_number(_text(row, "personnummer"))
        except ValidationError as error:
            # The message names the number itself: errors must not keep a personnummer.
            raise _RowError(
                _("personnummer is not a valid personnummer or samordningsnummer.")
            ) from error
        if not _text(row, "namn"):
            raise _RowError(_("namn is missing."))
        parsed["identity"] = vault.PersonIdentity(number, _text(row, "namn"))
        parsed["consent_given_on"] = _date(row, "samtycke_datum")
        code = _text(row, "kommunkod")
        parsed["municipality"] = _lookup(
            Municipality.objects, "kommunkod", code, code=code, forbund=forbund
        )
    name = _text(row, "insats")
    parsed["intervention"] = _lookup(
        Intervention.objects.visible_to(actor), "insats", name, name=name, forbund=forbund
    )
    username = _text(row, "ansvarig")
    parsed["responsible"] = (
        _lookup(parsed["intervention"].staff.all(), "ansvarig", username, user__username=username)
        if username
        else None
    )
    parsed["enrolment"] = {
        "start": _date(row, "start"),
        "planned_end": _date(row, "planerat_slut"),
        "income_sources_at_start": _codes(row, "inkomstkallor_start"),
        "occupation_at_start": _code(row, "sysselsattning_start", Occupation),
        "education_level": _code(row, "utbildning", EducationLevel),
        "support_before_start": _code(row, "tid_forsorjning", SupportDuration),
    }
    parsed["end"] = _parse_end(row)
    parsed["referral"] = _parse_referral(row, parsed["enrolment"]["start"])
    return parsed


def _parse_referral(row, start) -> dict | None:
    """The intresseanmälan the enrolment came from, when the file gives it: the referral report
    then counts the person by who initiated it, as for people referred in Samordna."""
    if not (_text(row, "anmalan_datum") or _text(row, "anmalan_initierad_av")):
        return None
    received_on = _date(row, "anmalan_datum")
    if start and received_on > start:
        raise _RowError(
            _("anmalan_datum: the referral (%(received)s) is dated after the start (%(start)s).")
            % {"received": received_on.isoformat(), "start": start.isoformat()}
        )
    return {
        "received_on": received_on,
        "initiating_party": _code(row, "anmalan_initierad_av", InitiatingParty),
    }


def _parse_end(row) -> dict | None:
    end_date = _date(row, "slut_datum", required=False)
    if end_date is None:
        return None
    kind = _code(row, "avslutstyp", EndKind)
    needed = kind != EndKind.MISTAKE
    return {
        "end_date": end_date,
        "end_kind": kind,
        "end_reason": _code(row, "avslutsorsak", EndReason, required=False),
        "income_sources_at_end": _codes(row, "inkomstkallor_slut", required=needed),
        "occupation_at_end": _code(row, "sysselsattning_slut", Occupation, required=needed),
        "education_level_at_end": _code(row, "utbildning_slut", EducationLevel, required=needed),
    }


def _write(actor, forbund, parsed, source_name):
    participant = services.register_participant(
        actor,
        forbund,
        gender=parsed["gender"],
        identity=parsed.get("identity"),
        municipality=parsed.get("municipality"),
        consent_given_on=parsed.get("consent_given_on"),
        start_year=parsed["enrolment"]["start"].year,
    )
    intervention = parsed["intervention"]
    facts = Facts(
        birth_year=participant.birth_year,
        municipality_id=participant.municipality_id,
        exclusions_present=frozenset(),
        authorities_needed=2,
    )
    start = parsed["enrolment"]["start"]
    check = services.check_eligibility(
        actor, participant, intervention, planned_start=start, facts=facts
    )
    if not check.eligible:
        reason = _("Imported from %(file)s: decided before the import.") % {"file": source_name}
        services.override_eligibility(actor, check, reason=reason)
    referral = parsed["referral"] and services.register_imported_referral(
        actor, participant, intervention, **parsed["referral"]
    )
    enrolment = services.enrol(
        actor,
        participant,
        intervention,
        eligibility=check,
        referral=referral,
        responsible=parsed["responsible"],
        **parsed["enrolment"],
    )
    if parsed["end"]:
        services.end_enrolment(actor, enrolment, **parsed["end"])


def read_upload(uploaded) -> tuple[list[dict[str, str]], list[tuple[int, str]]]:
    """The file's rows as text by column, or the reason it cannot be imported at all."""
    try:
        rows = read_rows(uploaded)
    except UnreadableFile as error:
        return [], [(0, str(error))]
    except (ValueError, UnicodeDecodeError, csv.Error, OSError, zipfile.BadZipFile):
        return [], [(0, _("The file could not be read as CSV or Excel."))]
    missing = [c for c in ("kon", "insats", "start") if rows and c not in rows[0]]
    if not rows or missing:
        return [], [(1, _("The file has no rows or lacks the template's columns."))]
    return [{column: _text(row, column) for column in row} for row in rows], []


def check_rows(actor, forbund, rows, first_index=0) -> list[tuple[int, str]]:
    """The errors of `rows` (the file's rows from `first_index` on), by row number in the file."""
    errors = []
    for number, row in enumerate(rows, start=first_index + FIRST_ROW_NUMBER):
        try:
            _parse(row, actor, forbund)
        except _RowError as error:
            errors.append((number, str(error)))
    return errors


def write_rows(actor, forbund, rows, source_name) -> ImportResult:
    """Write every checked row in one transaction; if any row is refused, nothing is written."""
    errors = []
    with transaction.atomic():
        for number, row in enumerate(rows, start=FIRST_ROW_NUMBER):
            try:
                with transaction.atomic():
                    _write(actor, forbund, _parse(row, actor, forbund), source_name)
            except _RowError as error:
                errors.append((number, str(error)))
            except ValidationError as error:
                errors.append((number, " ".join(error.messages)))
        if errors:
            transaction.set_rollback(True)
            return ImportResult.refused(errors)
    return ImportResult(enrolments=len(rows))


def import_file(actor, forbund, uploaded) -> ImportResult:
    """Check every row, then write them all in one transaction, or nothing if any row fails."""
    rows, errors = read_upload(uploaded)
    errors = errors or check_rows(actor, forbund, rows)
    if errors:
        return ImportResult.refused(errors)
    return write_rows(actor, forbund, rows, uploaded.name)


# The paced import: one request per chunk of rows, then one transaction for them all


@transaction.atomic
def start_job(actor, forbund, uploaded) -> ImportJob:
    """Keep the file's rows in a new job; a file that cannot be read fails at once."""
    permissions.require(actor, "participant.import", forbund)
    rows, errors = read_upload(uploaded)
    job = ImportJob.objects.create(
        forbund=forbund,
        uploaded_by=actor,
        file_name=uploaded.name[:255],
        rows=rows,
        total=len(rows),
        errors=errors,
        error_count=len(errors),
    )
    audit.record(actor, "import.create", job, rows=len(rows))
    if errors:
        _end(actor, job, ImportJobStatus.FAILED)
    return job


@transaction.atomic
def advance_job(actor, job) -> ImportJob:
    """Check the job's next chunk of rows; once every row passed, import them all or nothing."""
    job = ImportJob.objects.unrestricted().select_for_update().get(pk=job.pk)
    if job.status == ImportJobStatus.CHECKING:
        chunk = job.rows[job.checked : job.checked + CHUNK_ROWS]
        found = check_rows(actor, job.forbund, chunk, job.checked)
        job.errors = (job.errors + found)[:MAX_REPORTED_ERRORS]
        job.error_count += len(found)
        job.checked += len(chunk)
        if job.checked < job.total:
            job.save(update_fields=["checked", "errors", "error_count"])
        elif job.error_count:
            _end(actor, job, ImportJobStatus.FAILED)
        else:
            job.status = ImportJobStatus.CHECKED
            job.save(update_fields=["checked", "errors", "error_count", "status"])
    elif job.status == ImportJobStatus.CHECKED:
        result = write_rows(actor, job.forbund, job.rows, job.file_name)
        job.enrolments, job.errors = result.enrolments, result.errors
        job.error_count = result.error_count
        _end(actor, job, ImportJobStatus.IMPORTED if result.ok else ImportJobStatus.FAILED)
    return job


def _end(actor, job, status):
    """Finish the job and forget the file's rows: no name or personnummer outlives it."""
    job.status = status
    job.rows = []
    job.save()
    audit.record(
        actor,
        "import.status",
        job,
        status=status,
        enrolments=job.enrolments,
        errors=job.error_count,
    )


def delete_old_jobs(now: datetime) -> int:
    """Delete import jobs older than a day, finished or abandoned, with whatever rows they kept."""
    deleted, _by_model = (
        ImportJob.objects.unrestricted().filter(created_at__lt=now - timedelta(days=1)).delete()
    )
    return deleted

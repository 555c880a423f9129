"""A report as a file (Excel, CSV or PDF): what the download links send and background jobs keep."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.text import slugify

from samordna.core import exports
from samordna.reports import published, services
from samordna.reports.appendices import appendices
from samordna.reports.catalogue import ReportDefinition
from samordna.reports.exports import to_csv, to_pdf, to_xlsx
from samordna.reports.forms import ReportFilterForm
from samordna.reports.protection import ShownTable

FORMATS: dict[str, tuple[Callable[..., bytes], str, str]] = {
    "excel": (to_xlsx, "xlsx", exports.XLSX_CONTENT_TYPE),
    "csv": (to_csv, "csv", exports.CSV_CONTENT_TYPE),
    "pdf": (to_pdf, "pdf", "application/pdf"),
}


@dataclass(frozen=True)
class ReportFile:
    content: bytes
    filename: str
    content_type: str


def filter_form(user, forbund, definition: ReportDefinition, data) -> ReportFilterForm:
    """The report's filters from a query string (a page's, or one a job kept)."""
    return ReportFilterForm(data, user=user, forbund=forbund, default_part=definition.default_part)


def published_tables(
    forbund, definition: ReportDefinition, form: ReportFilterForm, exact: bool
) -> tuple[list[ShownTable], int]:
    protection = services.protection_for(forbund)
    shown = published.published_tables(definition, form.scope(), protection, exact)
    return shown, protection.threshold


def _narrative_text(forbund, definition: ReportDefinition, form: ReportFilterForm) -> str:
    narrative = definition.narrative and services.narrative_for(forbund, form.scope().period)
    return narrative.text if narrative else ""


def report_file(
    user, forbund, definition: ReportDefinition, form: ReportFilterForm, file_format: str
) -> ReportFile:
    """The report as a protected file, for filters already validated; the export is audited."""
    shown, threshold = published_tables(forbund, definition, form, exact=False)
    render_file, extension, content_type = FORMATS[file_format]
    filters = form.described()
    title = str(definition.title)
    arguments: list[Any] = [title, filters, shown, threshold]
    if file_format == "pdf":
        period = form.scope().period
        arguments += [
            forbund.name,
            _narrative_text(forbund, definition, form),
            appendices(user, forbund, definition.name, period),
        ]
    services.record_export(user, forbund, definition.name, file_format, filters)
    filename = f"{slugify(title)}-{slugify(filters['period'])}.{extension}"
    return ReportFile(render_file(*arguments), filename, content_type)

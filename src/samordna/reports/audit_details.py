"""How a report export reads in the audit log: which report, for which period and filters, in
which format ("Deltagarrapport, Period: 2026, Insatser: Samverkansteam, Format: Excel")."""

from django.utils.translation import gettext_lazy as _

from samordna.core.audit_labels import describes, format_label, labelled
from samordna.reports.catalogue import REPORTS
from samordna.reports.services import NATIONAL_STATISTICS


@describes("report.export")
def describe_export(details) -> str:
    report = details.get("report", "")
    definition = REPORTS.get(report)
    if definition:
        title = str(definition.title)
    else:
        title = str(_("National statistics")) if report == NATIONAL_STATISTICS else report
    filters = labelled(
        (_("Period"), details.get("period")),
        (_("Interventions"), details.get("interventions")),
        (_("Municipality"), details.get("municipality")),
        (_("Organisation"), details.get("organisation")),
        (_("Format"), format_label(details.get("format", ""))),
    )
    return f"{title}, {filters}" if title else filters

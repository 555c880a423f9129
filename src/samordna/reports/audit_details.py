"""How a report export reads in the audit log: which report, for which period and filters, in
which format ("Deltagarrapport, Period: 2026, Insatser: Samverkansteam, Format: Excel")."""

from django.utils.translation import gettext_lazy as _

from samordna.core.audit_labels import describes, format_label, labelled
from samordna.reports.catalogue import REPORTS


@describes("report.export")
def describe_export(details) -> str:
    definition = REPORTS.get(details.get("report", ""))
    title = str(definition.title) if definition else details.get("report", "")
    filters = labelled(
        (_("Period"), details.get("period")),
        (_("Interventions"), details.get("interventions")),
        (_("Municipality"), details.get("municipality")),
        (_("Organisation"), details.get("organisation")),
        (_("Format"), format_label(details.get("format", ""))),
    )
    return f"{title}, {filters}" if title else filters

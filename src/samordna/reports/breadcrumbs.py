"""Where the report pages sit: Rapporter › <report>, Rapporter › Rapporter från insatserna ›
<report> (core/breadcrumbs.py)."""

from django.utils.translation import gettext_lazy as _

from samordna.core.breadcrumbs import crumbs_of, link


def reports():
    return link(_("Reports"), "reports:index")


def party_reports():
    return link(_("Reports from the interventions"), "reports:party_reports")


@crumbs_of("reports.partyreport")
def party_report_crumbs(report):
    label = f"{report.get_kind_display()} – {report.intervention.name}"
    return [reports(), party_reports(), link(label, "reports:party_report", report.pk)]

"""The standard reports, in the order the catalogue page lists them: importing each module
registers its reports in registry.REPORTS."""

from samordna.reports import participant_reports, summary_reports  # noqa: F401
from samordna.reports.registry import REPORTS, ReportDefinition, visible_reports

__all__ = ["REPORTS", "ReportDefinition", "visible_reports"]

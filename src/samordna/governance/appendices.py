"""The auditors' report shown with the year's annual report (reports' appendix registry)."""

from samordna.core import permissions
from samordna.governance import queries
from samordna.reports.appendices import Appendix, appendix_provider


@appendix_provider("annual")
def auditors_report(user, forbund, period):
    """The year's auditors' report for its readers; for the auditors, where to record it while
    none is recorded."""
    report = queries.auditors_report_for(user, forbund, period.year)
    may_record = permissions.can(user, "auditors_report.record", forbund)
    if report is None and not may_record:
        return None
    context = {"report": report, "year": period.year, "may_record": may_record}
    return Appendix("governance/auditors_report_appendix.html", context)

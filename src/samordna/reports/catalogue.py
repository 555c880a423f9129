"""The standard reports, in the order the catalogue page lists them: importing each module
registers its reports in registry.REPORTS."""

from samordna.reports import (  # noqa: F401
    goal_reports,
    money_reports,
    participant_reports,
    progression_reports,
    summary_reports,
    survey_reports,
)
from samordna.reports.registry import REPORTS, ReportDefinition, visible_reports

ORDER = [
    "referrals",
    "participants",
    "outcomes",
    "finsam",
    "money",
    "progression",
    "surveys",
    "violence",
    "goals",
    "interim",
    "annual",
    "indicators",
]
_registered = dict(REPORTS)
REPORTS.clear()
REPORTS.update({name: _registered[name] for name in ORDER})

__all__ = ["REPORTS", "ReportDefinition", "visible_reports"]

"""Parts that apps above reports add to a report's page and PDF, such as the auditors' report
with the annual report. reports declares the registry, each app registers its providers in its
AppConfig.ready() (as work queues do), so reports imports none of them.

A provider is a function of (user, forbund, period) returning an `Appendix` the user may read,
or None. Its template is rendered on the report's page and in its PDF (`pdf` is true there).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from samordna.reports.scope import ReportPeriod


@dataclass(frozen=True)
class Appendix:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


AppendixProvider = Callable[[Any, Any, ReportPeriod], Appendix | None]
APPENDIX_PROVIDERS: dict[str, list[AppendixProvider]] = {}


def appendix_provider(report_name: str) -> Callable[[AppendixProvider], AppendixProvider]:
    """Register `provide(user, forbund, period)` as an appendix of the report `report_name`."""

    def register(provide: AppendixProvider) -> AppendixProvider:
        APPENDIX_PROVIDERS.setdefault(report_name, []).append(provide)
        return provide

    return register


def appendices(user, forbund, report_name: str, period: ReportPeriod) -> list[Appendix]:
    """What the apps add to this report for this period, as `user` may read it."""
    found = (provide(user, forbund, period) for provide in APPENDIX_PROVIDERS.get(report_name, []))
    return [appendix for appendix in found if appendix is not None]

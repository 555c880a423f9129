"""The catalogue of standard reports: each a function of a ReportScope returning its tables."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from samordna.core import permissions
from samordna.core.replica import reads_from_replica
from samordna.reports.scope import ReportScope
from samordna.reports.tables import Table

Builder = Callable[[ReportScope], list[Table]]


@dataclass(frozen=True)
class ReportDefinition:
    name: str  # URL name and API path
    path: str  # Swedish URL segment
    title: object  # lazy translation
    description: object
    build: Builder
    action: str = "report.view"
    narrative: bool = False
    default_part: str = "year"  # or INTERIM: the förbund's own interim period


INTERIM = "interim"
REPORTS: dict[str, ReportDefinition] = {}


def report(name: str, path: str, title, description, **options) -> Callable[[Builder], Builder]:
    """Register a report builder under `name`, shown at /rapporter/<path>/."""

    def register(build: Builder) -> Builder:
        REPORTS[name] = ReportDefinition(
            name, path, title, description, reads_from_replica(build), **options
        )
        return build

    return register


def visible_reports(user, forbund) -> list[ReportDefinition]:
    return [r for r in REPORTS.values() if permissions.can(user, r.action, forbund)]

"""The interim reports on the förbund's rhythm and the annual report: key figures with the
period's narrative (verksamhetsberättelse), saved per förbund and period."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samordna.reports import dimensions as dim
from samordna.reports.participant_reports import (
    enrolled_per_intervention,
    status_overview,
    work_or_studies_after,
)
from samordna.reports.registry import INTERIM, report
from samordna.reports.scope import ReportScope
from samordna.reports.tables import CrossTab, Table, count_table, tabulate


def key_figures(scope: ReportScope) -> list[Table]:
    return [_referrals(scope), *_enrolment_figures(scope, enrolled_per_intervention(scope))]


def shared_figures(scope: ReportScope) -> list[Table]:
    """The key figures that mean the same in every förbund (none names an intervention): the
    national statistics sum them over the förbund that share them."""
    return [_referrals(scope), *_enrolment_figures(scope)]


def _referrals(scope: ReportScope) -> Table:
    return count_table(
        scope.referrals(),
        key="referrals",
        title=_("Referrals by initiating party"),
        rows=dim.initiating_party("initiating_party"),
        columns=dim.gender("gender"),
    )


def _enrolment_figures(scope: ReportScope, *more: CrossTab) -> list[Table]:
    """The status overview, `more`, and work or studies after, from the enrolments during the
    period read once."""
    return tabulate(
        scope.enrolments().filter(scope.active()),
        [status_overview(scope), *more, work_or_studies_after(scope.ended())],
    )


report(
    "interim",
    "delarsrapport",
    gettext_lazy("Interim report"),
    gettext_lazy(
        "Key figures for an interim period (tertial, half-year or January–August) with the "
        "narrative."
    ),
    narrative=True,
    default_part=INTERIM,
)(key_figures)

report(
    "annual",
    "arsrapport",
    gettext_lazy("Annual report"),
    gettext_lazy("Key figures for the year with the narrative (verksamhetsberättelse)."),
    narrative=True,
)(key_figures)

"""Progression per tertial: how many progress measurements (SKAPA, BIP or the förbund's own)
were made, and the mean score per instrument and indicator area, tertial by tertial."""

from datetime import date

from django.db.models import Case, CharField, Count, Q, Sum, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samordna.measurements.models import Assessment, InstrumentItem, Respondent, Score
from samordna.participants.models import Enrolment
from samordna.reports.registry import report
from samordna.reports.scope import ReportScope
from samordna.reports.services import protection_for
from samordna.reports.tables import (
    WITHHELD,
    Category,
    Dimension,
    Table,
    Unit,
    categories,
    count_table,
)


def _tertial(path: str, scope: ReportScope) -> Case:
    """The tertial (1–3) of a date within the period's year, computed in SQL by comparing
    dates: SQLite would otherwise call a Python function on every row to extract the month."""
    year = scope.period.year
    return Case(
        When(**{f"{path}__lte": date(year, 4, 30)}, then=Value("1")),
        When(**{f"{path}__lte": date(year, 8, 31)}, then=Value("2")),
        default=Value("3"),
        output_field=CharField(),
    )


def _tertials(scope: ReportScope) -> list[Category]:
    return [Category(str(t.number), t.label()) for t in scope.period.tertials()]


def _in_scope(scope: ReportScope, path: str = "") -> Q:
    """The assessments (at `path`) of the period within the filters. Every table joined
    carries the förbund, so the database reads the förbund's rows only, not the country's."""
    return (
        Q(**{f"{path}forbund": scope.forbund, f"{path}enrolment__forbund": scope.forbund})
        & Q(**{f"{path}assessed_on__range": (scope.period.start, scope.period.end)})
        & _chosen(scope, f"{path}enrolment__")
    )


def _chosen(scope: ReportScope, path: str) -> Q:
    """The enrolments (at `path`) of the chosen interventions and municipality; Q() when
    none is chosen."""
    conditions = scope.intervention_filter(f"{path}intervention")
    if scope.municipality is not None:
        conditions &= Q(
            **{
                f"{path}participant__municipality": scope.municipality,
                f"{path}participant__forbund": scope.forbund,
            }
        )
    return conditions


def _assessments(scope: ReportScope):
    return Assessment.objects.counted_by(scope.user).filter(_in_scope(scope))


def _scores(scope: ReportScope):
    """The period's scores within the filters, found by their own date (a copy of their
    assessment's). Their assessments and enrolments are joined only when a filter or the
    reader's scope (staff count their own interventions') asks about the enrolment; then
    the assessments carry the period too, or the database reads every assessment of the
    förbund's chosen enrolments before it sees their date."""
    scores = Score.objects.counted_by(scope.user).filter(
        forbund=scope.forbund, assessed_on__range=(scope.period.start, scope.period.end)
    )
    chosen = _chosen(scope, "assessment__enrolment__")
    if chosen or _reads_enrolments(scores):
        # Joined, not `IN (assessments)`: the planner misjudges how many that subquery gives
        # and probes the scores and assessments row by row (6 s instead of 0.4 s for 68 000).
        scores = scores.filter(_in_scope(scope, "assessment__"))
    return scores


def _reads_enrolments(queryset) -> bool:
    """Does the query already join the enrolments (a staff member's scope)?"""
    table = Enrolment._meta.db_table
    return any(join.table_name == table for join in queryset.query.alias_map.values())


def _mean_scores(scope: ReportScope) -> Table:
    """Mean score per instrument area and tertial; left out where fewer than the threshold
    were measured, since a mean of a few describes those few."""
    threshold = protection_for(scope.forbund).threshold
    groups = _area_groups(_item_sums(scope))
    rows, cells = {}, {}
    for (name, area, respondent, tertial), (total, scores, measured) in groups.items():
        code = f"{name}: {area} ({Respondent(respondent).label})"
        rows[code] = Category(code, code)
        cells[(code, tertial)] = total / scores if measured >= threshold else WITHHELD
    return Table(
        key="mean_scores",
        title=_("Mean score per indicator area and tertial"),
        row_heading=_("Instrument and area"),
        rows=list(rows.values()),
        columns=_tertials(scope),
        cells=cells,
        unit=Unit.MEAN,
        note=_("A mean is left out where fewer were measured than the threshold."),
        over_time=True,
    )


def _item_sums(scope: ReportScope) -> dict[tuple[int, str], tuple[int, int]]:
    """The sum and number of the period's scores per item and tertial. Grouped by the item
    alone, the database neither joins every score to its item, version and instrument nor
    counts distinct assessments: an assessment scores an item once (one_score_per_item)."""
    scores = (
        _scores(scope)
        .annotate(tertial=_tertial("assessed_on", scope))
        .values("item", "tertial")
        # COUNT(*), not of a column: the scores' index holds no key to count.
        .annotate(total=Sum("value"), scores=Count("*"))
        .order_by()
    )
    return {(row["item"], row["tertial"]): (row["total"], row["scores"]) for row in scores}


def _area_groups(sums: dict[tuple[int, str], tuple[int, int]]) -> dict[tuple, tuple]:
    """Per instrument, area, respondent and tertial (in the database's order of instrument
    and area): the sum of the scores, their number, and the assessments measured.

    An assessment scores every item of its version for its respondent (record_assessment
    requires a value for each, and a used version's items never change), so an area's
    assessments in one version are as many as the scores of any one of its items there; the
    versions' assessments are distinct.
    """
    items = (
        InstrumentItem.objects.filter(pk__in={item for item, _tertial in sums})
        .order_by("version__instrument__name", "area", "respondent")
        .values_list("pk", "version_id", "version__instrument__name", "area", "respondent")
    )
    sums_by_item: dict[int, list[tuple[str, tuple[int, int]]]] = {}
    for (item, tertial), figures in sums.items():
        sums_by_item.setdefault(item, []).append((tertial, figures))
    groups: dict[tuple, tuple[int, int, dict[int, int]]] = {}
    for pk, version, name, area, respondent in items:
        for tertial, (total, scores) in sorted(sums_by_item[pk]):
            key = (name, area, respondent, tertial)
            summed, counted, per_version = groups.get(key, (0, 0, {}))
            per_version[version] = max(per_version.get(version, 0), scores)
            groups[key] = (summed + total, counted + scores, per_version)
    return {
        key: (total, scores, sum(per_version.values()))
        for key, (total, scores, per_version) in groups.items()
    }


@report(
    "progression",
    "progression",
    gettext_lazy("Progression per tertial"),
    gettext_lazy(
        "Progress measurements made each tertial by the participant and by staff, and the mean "
        "score per indicator area."
    ),
)
def progression(scope: ReportScope) -> list[Table]:
    return [
        count_table(
            _assessments(scope).annotate(tertial=_tertial("assessed_on", scope)),
            key="assessments",
            title=_("Progress measurements per tertial"),
            rows=Dimension("tertial", _tertials(scope), _("Tertial")),
            columns=Dimension("respondent", categories(Respondent.choices), _("Answered by")),
        ),
        _mean_scores(scope),
    ]

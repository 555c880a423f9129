"""Goal attainment for every intervention: each measurable goal of the period, its figures and
whether it was met, judged by the goals app's own rule (goals.attainment)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samordna.goals.attainment import STATUS_LABELS, TOO_FEW, Attainment, attainments, judge
from samordna.goals.models import Goal, Metric
from samordna.reports.protection import Protection
from samordna.reports.registry import report
from samordna.reports.scope import ReportScope
from samordna.reports.services import protection_for
from samordna.reports.tables import Category, Ratio, Table, Unit, Value


def _published_status(goal: Goal, result: Attainment, protection: Protection) -> str:
    """Met or not, judged on the published counts: the verdict must not reveal more than they."""
    reached = protection.publish_count(result.numerator)
    counted = protection.publish_count(result.denominator)
    if reached is None or counted is None:
        return TOO_FEW
    assert goal.target_percent is not None, "every goal but a milestone has a target"
    return judge(reached, counted, goal.target_percent, goal.minimum_n)


@report(
    "goals",
    "maluppfyllelse",
    gettext_lazy("Goal attainment"),
    gettext_lazy(
        "Every intervention's measurable goals for the year: the figures and whether met."
    ),
)
def goals(scope: ReportScope) -> list[Table]:
    chosen = (
        Goal.objects.visible_to(scope.user)
        .in_forbund(scope.forbund)
        .filter(scope.intervention_filter(), year=scope.period.year)
        .select_related("intervention")
        .order_by("intervention__name", "name")
    )
    protection = protection_for(scope.forbund)
    rows: list[Category] = []
    cells: dict[tuple[str, str], Value] = {}
    results = attainments(chosen)  # counted together, in a few queries
    counted = [goal for goal in chosen if goal.metric != Metric.MILESTONE]
    milestones = [goal for goal in chosen if goal.metric == Metric.MILESTONE]
    for goal in counted:
        result = results[goal.pk]
        code = str(goal.pk)
        status = STATUS_LABELS[_published_status(goal, result, protection)]
        label = f"{goal.intervention.name}: {goal.name} – {status}"
        rows.append(Category(code, label))
        cells |= {
            (code, "reached"): result.numerator,
            (code, "counted"): result.denominator,
            (code, "target"): goal.target_percent,
        }
    tables = [
        Table(
            key="goals",
            title=_("Goal attainment"),
            row_heading=_("Intervention and goal"),
            rows=rows,
            columns=[
                Category("reached", _("Reached the goal")),
                Category("counted", _("Counted (n)")),
                Category("percent", _("Share")),
                Category("target", _("Target")),
            ],
            cells=cells,
            column_units={"target": Unit.PERCENT},
            # From the published counts, and left out where it would give a small count away.
            ratios={"percent": Ratio("reached", "counted")},
            note=_(
                "A share is shown only when those reaching the goal, those counted and those not "
                "reaching it are each at least as many as the threshold."
            ),
        )
    ]
    if milestones:
        tables.append(_milestone_table(milestones, results))
    return tables


def _milestone_table(milestones: list[Goal], results: dict[int, Attainment]) -> Table:
    """Milestones count no one: each is listed with its date, when it was reached and whether
    that was in time."""
    rows = []
    for goal in milestones:
        assert goal.due_on is not None, "a milestone has the date it is to be reached by"
        status = STATUS_LABELS[results[goal.pk].status]
        reached = _("reached %(date)s") % {"date": goal.met_on.isoformat()} if goal.met_on else ""
        details = ", ".join(
            part for part in (_("by %(date)s") % {"date": goal.due_on.isoformat()}, reached) if part
        )
        rows.append(
            Category(str(goal.pk), f"{goal.intervention.name}: {goal.name} ({details}) – {status}")
        )
    return Table(
        key="milestones",
        title=_("Milestones"),
        row_heading=_("Intervention and milestone"),
        rows=rows,
        columns=[],
        cells={},
        unit=Unit.NUMBER,
        note=_("A milestone is met when reached by its date; reached later, it is not met."),
    )

"""Goal attainment for every intervention: each measurable goal of the period, its figures and
whether it was met, judged by the goals app's own rule (goals.attainment)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samordna.goals.attainment import attainment
from samordna.goals.models import Goal
from samordna.reports.registry import report
from samordna.reports.scope import ReportScope
from samordna.reports.services import settings_for
from samordna.reports.tables import Category, Number, Table, Unit


@report(
    "goals",
    "maluppfyllelse",
    gettext_lazy("Goal attainment"),
    gettext_lazy(
        "Every intervention's measurable goals for the year: the figures and whether met."
    ),
)
def goals(scope: ReportScope) -> list[Table]:
    threshold = settings_for(scope.forbund).small_cell_threshold
    chosen = (
        Goal.objects.visible_to(scope.user)
        .in_forbund(scope.forbund)
        .filter(scope.intervention_filter(), year=scope.period.year)
        .select_related("intervention")
        .order_by("intervention__name", "name")
    )
    rows: list[Category] = []
    cells: dict[tuple[str, str], Number | None] = {}
    # A handful of goals per intervention; each is counted by the database in attainment().
    for goal in chosen:
        result = attainment(goal)
        code = str(goal.pk)
        label = f"{goal.intervention.name}: {goal.name} – {result.status_label}"
        rows.append(Category(code, label))
        small = result.numerator < threshold or result.denominator < threshold
        cells |= {
            (code, "reached"): result.numerator,
            (code, "counted"): result.denominator,
            # A share resting on a small count would give that count away.
            (code, "percent"): None if small else result.percent,
            (code, "target"): goal.target_percent,
        }
    return [
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
            column_units={"percent": Unit.PERCENT, "target": Unit.PERCENT},
            note=_("A share is shown only when it rests on at least as many as the threshold."),
        )
    ]

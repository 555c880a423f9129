"""Money and the national follow-up: budget, grants, claims and utilisation per intervention,
cost per participant, and what Uppföljning Finsam asks the förbund to enter, ready to copy."""

from decimal import Decimal

from django.db.models import Count, DecimalField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samordna.core.record_keys import Counted
from samordna.funding.models import (
    BudgetLine,
    ClaimLine,
    ClaimStatus,
    DecisionOutcome,
    ForbundBudget,
    FundingSource,
    GrantedAmount,
)
from samordna.interventions.models import InterventionKind
from samordna.reports.participant_reports import (
    WORK_OR_STUDIES,
    enrolled_per_intervention,
    registered_counts,
)
from samordna.reports.registry import report
from samordna.reports.scope import ReportScope
from samordna.reports.tables import Category, Ratio, Table, Unit, Value, tabulate

MONEY = DecimalField(max_digits=14, decimal_places=2)
ZERO = Decimal("0.00")


def _sum(queryset, path: str = "intervention") -> Coalesce:
    """A correlated SUM(amount) per intervention, 0 when there is none."""
    summed = queryset.filter(**{path: OuterRef("pk")}).values(path).annotate(s=Sum("amount"))
    return Coalesce(Subquery(summed.values("s"), output_field=MONEY), ZERO, output_field=MONEY)


def _money_per_intervention(scope: ReportScope):
    """Budget, own financing, grant and claims per intervention, each summed in the database."""
    year, start, end = scope.period.year, scope.period.start, scope.period.end
    lines = BudgetLine.objects.filter(year=year)
    granted = (
        GrantedAmount.objects.filter(decision__intervention=OuterRef("pk"), year=year)
        .exclude(decision__outcome=DecisionOutcome.REJECTED)
        .order_by("-decision__meeting_date", "-decision_id")
        .values("amount")[:1]
    )
    claims = ClaimLine.objects.filter(claim__period_start__range=(start, end)).exclude(
        claim__status=ClaimStatus.REJECTED
    )
    return scope.interventions().annotate(
        budget=_sum(lines.filter(source=FundingSource.FORBUND)),
        own=_sum(lines.filter(source=FundingSource.OWN)),
        granted=Coalesce(Subquery(granted, output_field=MONEY), ZERO, output_field=MONEY),
        claimed=_sum(claims, "claim__intervention"),
        approved=_sum(
            claims.filter(claim__status__in=[ClaimStatus.APPROVED, ClaimStatus.PAID]),
            "claim__intervention",
        ),
    )


MEASURES = ["budget", "own", "granted", "claimed", "approved"]


def _totals(items: list[dict], measures: list[str]) -> dict[str, Value]:
    """Column totals of the per-intervention sums (one database row per intervention)."""
    return {m: sum((item[m] for item in items), ZERO) for m in measures}


def _per_intervention(enrolments) -> dict[int, Counted]:
    counts = enrolments.values_list("intervention").annotate(n=Count("pk"), key=Sum("record_key"))
    return {intervention: Counted(n, key) for intervention, n, key in counts}


def _total(counts: dict[int, Counted]) -> Counted:
    """Each enrolment is in one intervention: the total's key is the sum of theirs."""
    return Counted(sum(counts.values()), sum(c.key for c in counts.values()))


def _money_table(scope: ReportScope) -> Table:
    interventions = _money_per_intervention(scope)
    enrolments = scope.enrolments().order_by()
    participants = _per_intervention(enrolments.filter(scope.active()))
    reached = _per_intervention(
        enrolments.filter(scope.ended(), occupation_at_end__in=WORK_OR_STUDIES)
    )
    columns = [
        Category("budget", _("Budget (förbund funds)")),
        Category("own", _("Own financing")),
        Category("granted", _("Granted")),
        Category("claimed", _("Claimed")),
        Category("approved", _("Approved or paid")),
        Category("utilisation", _("Utilisation of the grant")),
        Category("budgeted_participants", _("Budgeted participants")),
        Category("participants", _("Participants enrolled")),
        Category("per_participant", _("Claimed per participant")),
        Category("reached", _("In work or studies at the end")),
        Category("per_reached", _("Claimed per participant in work or studies at the end")),
    ]
    rows: list[Category] = []
    cells: dict[tuple[str, str], Value] = {}
    items = list(interventions.values("pk", "name", "budgeted_participants", *MEASURES))
    for item in items:
        code = str(item["pk"])
        rows.append(Category(code, item["name"]))
        cells |= {(code, m): item[m] for m in MEASURES}
        cells[(code, "budgeted_participants")] = item["budgeted_participants"]
        cells[(code, "participants")] = participants.get(item["pk"], Counted(0, 0))
        cells[(code, "reached")] = reached.get(item["pk"], Counted(0, 0))
    totals = _totals(items, MEASURES) | {
        "budgeted_participants": sum(item["budgeted_participants"] or 0 for item in items),
        "participants": _total(participants),
        "reached": _total(reached),
    }
    return Table(
        key="money",
        title=_("Budget, grants and claims per intervention"),
        row_heading=_("Intervention"),
        rows=rows,
        columns=columns,
        cells=cells,
        column_totals=totals,
        unit=Unit.MONEY,
        column_units={
            "budgeted_participants": Unit.NUMBER,
            "participants": Unit.COUNT,
            "reached": Unit.COUNT,
        },
        ratios={
            "utilisation": Ratio("claimed", "granted"),
            # From the published counts, and left out where fewer than the threshold took part.
            "per_participant": Ratio("claimed", "participants", scale=1, unit=Unit.MONEY),
            "per_reached": Ratio("claimed", "reached", scale=1, unit=Unit.MONEY),
        },
        charted=["claimed", "utilisation"],
        note=_(
            "Claims count by the start of their period; the cost per participant is left out "
            "where fewer participants than the threshold took part."
        ),
    )


@report(
    "money",
    "ekonomi",
    gettext_lazy("Money"),
    gettext_lazy(
        "Budget, granted, claimed, utilisation and cost per participant for every intervention."
    ),
    action="report.money",
)
def money(scope: ReportScope) -> list[Table]:
    return [_money_table(scope)]


def _structural_counts(scope: ReportScope) -> Table:
    return registered_counts(
        scope, "finsam_counts", _("Counts for structural and count-only interventions")
    )


def _finsam_money(scope: ReportScope) -> Table:
    interventions = _money_per_intervention(scope)
    rows: list[Category] = []
    cells: dict[tuple[str, str], Value] = {}
    items = list(interventions.values("pk", "name", "budget", "approved", "budgeted_participants"))
    for item in items:
        code = str(item["pk"])
        rows.append(Category(code, item["name"]))
        cells |= {
            (code, "budget"): item["budget"],
            (code, "outcome"): item["approved"],
            (code, "budgeted_participants"): item["budgeted_participants"],
        }
    totals = _totals(items, ["budget", "approved"])
    return Table(
        key="finsam_money",
        title=_("Budget and outcome per intervention"),
        row_heading=_("Intervention"),
        rows=rows,
        columns=[
            Category("budget", _("Budget")),
            Category("outcome", _("Outcome (approved claims)")),
            Category("budgeted_participants", _("Budgeted participants")),
        ],
        cells=cells,
        column_totals={"budget": totals["budget"], "outcome": totals["approved"]},
        unit=Unit.MONEY,
        column_units={"budgeted_participants": Unit.NUMBER},
    )


def _finsam_forbund(scope: ReportScope) -> Table:
    budget = ForbundBudget.objects.visible_to(scope.user).filter(
        forbund=scope.forbund, year=scope.period.year
    )
    figures = (
        budget.values(
            "allocated_funds",
            "opening_equity",
            "administration_costs",
            "board_costs",
            "audit_costs",
        ).first()
        or {}
    )
    rows = [
        Category("allocated_funds", _("Allocated funds")),
        Category("opening_equity", _("Own equity at the start of the year")),
        Category("administration_costs", _("Administration, budget")),
        Category("board_costs", _("Board, budget")),
        Category("audit_costs", _("Audit, budget")),
    ]
    return Table(
        key="finsam_forbund",
        title=_("The förbund's funds and administration"),
        row_heading=_("Item"),
        rows=rows,
        columns=[Category("amount", _("Amount"))],
        cells={(r.code, "amount"): figures.get(r.code) for r in rows},
        unit=Unit.MONEY,
        note=_("From the förbund's budget for the year."),
        row_groups={
            _("Income"): ["allocated_funds"],
            _("Own equity"): ["opening_equity"],
            _("Costs"): ["administration_costs", "board_costs", "audit_costs"],
        },
    )


@report(
    "finsam",
    "uppfoljning-finsam",
    gettext_lazy("Uppföljning Finsam"),
    gettext_lazy(
        "What the national follow-up asks the förbund to enter for the year: participants per "
        "individual intervention by gender, counts for structural interventions, budget and "
        "outcome, budgeted participants, allocated funds and own equity."
    ),
    action="report.money",
)
def finsam(scope: ReportScope) -> list[Table]:
    individual = scope.enrolments().filter(
        scope.active(), intervention__kind=InterventionKind.INDIVIDUAL
    )
    return [
        *tabulate(individual, [enrolled_per_intervention(scope)]),
        _structural_counts(scope),
        _finsam_money(scope),
        _finsam_forbund(scope),
    ]

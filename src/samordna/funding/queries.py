"""Read-side money questions, answered by the database: budget totals, grants, claims so far,
utilisation, the förbund's contributions and result, and the frozen application's content."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, Sum

from samordna.funding.models import (
    Agreement,
    BudgetCategory,
    ClaimStatus,
    Decision,
    DecisionOutcome,
    ForbundBudget,
    FundingSource,
    GrantedAmount,
    category_group,
)
from samordna.interventions.queries import staffing_table, staffing_years
from samordna.organisations.models import Organisation, OrganisationKind

ZERO = Decimal("0.00")
KRONA = Decimal("1")
COUNTED_CLAIMS = (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, ClaimStatus.PAID)


def money(value) -> Decimal:
    """A database sum as kronor and öre (None is zero)."""
    return Decimal(value or 0).quantize(ZERO)


def _by(lines, *keys) -> dict:
    """Sum of amounts per combination of `keys`, split into förbund / own / total."""
    rows = lines.values(*keys).annotate(
        forbund=Sum("amount", filter=Q(source=FundingSource.FORBUND)),
        own=Sum("amount", filter=Q(source=FundingSource.OWN)),
        total=Sum("amount"),
    )
    return {
        tuple(row[key] for key in keys) if len(keys) > 1 else row[keys[0]]: {
            "forbund": money(row["forbund"]),
            "own": money(row["own"]),
            "total": money(row["total"]),
        }
        for row in rows.order_by(*keys)
    }


@dataclass
class BudgetTotals:
    per_year: dict
    per_organisation: dict
    per_category: dict
    per_year_and_organisation: dict
    per_year_and_category: dict
    overall: dict


def budget_totals(lines) -> BudgetTotals:
    """Totals of budget lines in every grouping the template shows."""
    overall = lines.aggregate(
        forbund=Sum("amount", filter=Q(source=FundingSource.FORBUND)),
        own=Sum("amount", filter=Q(source=FundingSource.OWN)),
        total=Sum("amount"),
    )
    return BudgetTotals(
        per_year=_by(lines, "year"),
        per_organisation=_by(lines, "organisation__name"),
        per_category=_by(lines, "category"),
        per_year_and_organisation=_by(lines, "year", "organisation__name"),
        per_year_and_category=_by(lines, "year", "category"),
        overall={key: money(value) for key, value in overall.items()},
    )


@dataclass(frozen=True)
class YearMoney:
    """One year's money (year None: the whole period): from the förbund, own financing, total
    cost, and granted where the board's decision belongs to the picture."""

    year: int | None
    forbund: Decimal
    own: Decimal
    total: Decimal
    granted: Decimal | None = None


def money_per_year(per_year: dict, granted: dict[int, Decimal] | None = None) -> list[YearMoney]:
    """Each year, then the whole period. `per_year` is `budget_totals(...).per_year` or a frozen
    application's copy of it (years and amounts as text); `granted` the grants per year."""
    sums = {int(year): values for year, values in per_year.items()}
    years = sorted(sums.keys() | (granted or {}).keys())
    rows = [
        YearMoney(
            year,
            forbund=money(sums.get(year, {}).get("forbund")),
            own=money(sums.get(year, {}).get("own")),
            total=money(sums.get(year, {}).get("total")),
            granted=None if granted is None else money(granted.get(year)),
        )
        for year in years
    ]
    whole = YearMoney(
        None,
        forbund=sum((row.forbund for row in rows), ZERO),
        own=sum((row.own for row in rows), ZERO),
        total=sum((row.total for row in rows), ZERO),
        granted=None if granted is None else sum((row.granted or ZERO for row in rows), ZERO),
    )
    return [*rows, whole]


@dataclass
class BudgetYear:
    """One year of the budget as the template lays it out: categories × organisations."""

    year: int
    organisations: list[str]
    sources: list[dict] = field(default_factory=list)
    total: dict = field(default_factory=dict)


def budget_years(intervention) -> list[BudgetYear]:
    lines = intervention.budget_lines.all()
    years = []
    for year in lines.values_list("year", flat=True).distinct().order_by("year"):
        of_year = lines.filter(year=year)
        organisations = list(
            of_year.values_list("organisation__name", flat=True)
            .distinct()
            .order_by("organisation__name")
        )
        budget_year = BudgetYear(year=year, organisations=organisations)
        for source, label in FundingSource.choices:
            cells = _by(of_year.filter(source=source), "category", "organisation__name")
            per_category = _by(of_year.filter(source=source), "category")
            per_organisation = _by(of_year.filter(source=source), "organisation__name")
            rows = [
                {
                    "category": category_label,
                    "group": category_group(category),
                    "cells": [
                        cells.get((category, name), {}).get("total") for name in organisations
                    ],
                    "total": per_category[category]["total"],
                }
                for category, category_label in BudgetCategory.choices
                if category in per_category
            ]
            budget_year.sources.append(
                {
                    "source": source,
                    "label": label,
                    "rows": rows,
                    "organisation_totals": [
                        per_organisation.get(name, {}).get("total", ZERO) for name in organisations
                    ],
                    "total": money(of_year.filter(source=source).aggregate(t=Sum("amount"))["t"]),
                }
            )
        budget_year.total = {
            "per_organisation": [
                _by(of_year, "organisation__name")[name]["total"] for name in organisations
            ],
            "total": money(of_year.aggregate(t=Sum("amount"))["t"]),
        }
        years.append(budget_year)
    return years


def latest_decision(intervention) -> Decision | None:
    return intervention.decisions.order_by("-meeting_date", "-id").first()


def decision_awaiting_agreement(intervention) -> Decision | None:
    """The earliest granting decision without an agreement: first the decision on the
    application, then each decided budget revision in turn."""
    return (
        intervention.decisions.exclude(outcome=DecisionOutcome.REJECTED)
        .exclude(Exists(Agreement.objects.filter(decision=OuterRef("pk"))))
        .order_by("meeting_date", "id")
        .first()
    )


def unsigned_agreement(intervention) -> Agreement | None:
    """The agreement drawn up but not yet signed (there is at most one at a time)."""
    return intervention.agreements.unsigned().first()


def latest_agreement(intervention) -> Agreement | None:
    return intervention.agreements.order_by("-period_start", "-id").first()


def pays_by_the_hour(intervention) -> bool:
    """Whether a signed agreement of the intervention pays its first month per hour worked: only
    then may a claim give the salaries as hours."""
    return intervention.agreements.signed().filter(first_month_hourly=True).exists()


def signed_agreement_covering(intervention, period_start, period_end) -> Agreement | None:
    """The signed agreement whose period holds the whole of a claim's period."""
    return (
        intervention.agreements.signed()
        .filter(period_start__lte=period_start, period_end__gte=period_end)
        .first()
    )


def current_grants(amounts):
    """Of granted amounts, those no later decision of the same intervention replaced for their
    year: a revision decides its own years and leaves the earlier years' grants standing."""
    later = GrantedAmount.objects.filter(
        decision__intervention=OuterRef("decision__intervention"), year=OuterRef("year")
    ).filter(
        Q(decision__meeting_date__gt=OuterRef("decision__meeting_date"))
        | Q(
            decision__meeting_date=OuterRef("decision__meeting_date"),
            decision_id__gt=OuterRef("decision_id"),
        )
    )
    return amounts.exclude(decision__outcome=DecisionOutcome.REJECTED).exclude(Exists(later))


def granted_per_year(intervention) -> dict[int, Decimal]:
    """What the board has granted the intervention, per year, as it stands now."""
    amounts = current_grants(GrantedAmount.objects.filter(decision__intervention=intervention))
    rows = amounts.values("year").annotate(total=Sum("amount")).order_by("year")
    return {row["year"]: money(row["total"]) for row in rows}


def granted(intervention, year: int | None = None) -> Decimal:
    """What the board grants the intervention as it stands now (for one year, or in all)."""
    amounts = current_grants(GrantedAmount.objects.filter(decision__intervention=intervention))
    if year is not None:
        amounts = amounts.filter(year=year)
    return money(amounts.aggregate(total=Sum("amount"))["total"])


def granted_in_forbund(forbund, year: int) -> Decimal:
    """The förbund's cost for interventions in a year: the standing grants for that year."""
    amounts = current_grants(GrantedAmount.objects.filter(forbund=forbund, year=year))
    return money(amounts.aggregate(total=Sum("amount"))["total"])


def decided_years(intervention) -> set[int]:
    """The years a board decision has granted money for: their budget lines are frozen."""
    return set(
        GrantedAmount.objects.filter(decision__intervention=intervention).values_list(
            "year", flat=True
        )
    )


def reopened_years(intervention) -> set[int]:
    """Decided years opened for a supplementary application the board has not decided yet."""
    open_supplements = intervention.supplements.filter(decision__isnull=True)
    return set(open_supplements.values_list("year", flat=True))


def frozen_years(intervention) -> set[int]:
    """The decided years whose budget and staffing cannot change: all but the reopened ones."""
    return decided_years(intervention) - reopened_years(intervention)


def undecided_years(intervention) -> list[int]:
    """What a revision asks for: the budget's years no decision has granted yet, and the
    decided years opened for a supplementary application."""
    years = set(intervention.budget_lines.values_list("year", flat=True))
    return sorted((years - decided_years(intervention)) | reopened_years(intervention))


def asked(intervention, year: int) -> Decimal:
    lines = intervention.budget_lines.filter(year=year, source=FundingSource.FORBUND)
    return money(lines.aggregate(total=Sum("amount"))["total"])


@dataclass
class ClaimOverview:
    """Budget, claimed so far, this claim and what remains, per category and in all."""

    rows: list[dict]
    total: dict
    granted_for_year: Decimal
    claimed_for_year: Decimal
    exceeds_budget: bool
    exceeds_grant: bool

    @property
    def exceeds(self) -> bool:
        return self.exceeds_budget or self.exceeds_grant


def claim_overview(intervention, organisation, year, amounts: dict, exclude_claim=None):
    """What a claim of `amounts` (category -> Decimal) means against budget and grant."""
    budget = _by(
        intervention.budget_lines.filter(
            year=year, organisation=organisation, source=FundingSource.FORBUND
        ),
        "category",
    )
    claims = intervention.claims.filter(period_start__year=year)
    if exclude_claim is not None:
        claims = claims.exclude(pk=exclude_claim.pk)
    before = {
        row["lines__category"]: money(row["total"])
        for row in claims.filter(organisation=organisation, status__in=COUNTED_CLAIMS)
        .values("lines__category")
        .annotate(total=Sum("lines__amount"))
    }
    rows = []
    for category, label in BudgetCategory.choices:
        this = money(amounts.get(category))
        row_budget = budget.get(category, {}).get("forbund", ZERO)
        if not (this or row_budget or before.get(category)):
            continue
        so_far = before.get(category, ZERO)
        rows.append(
            {
                "category": category,
                "label": label,
                "budget": row_budget,
                "claimed_before": so_far,
                "this_claim": this,
                "remaining": row_budget - so_far - this,
            }
        )
    total = {
        key: sum((row[key] for row in rows), ZERO)
        for key in ("budget", "claimed_before", "this_claim", "remaining")
    }
    claimed_for_year = (
        money(
            claims.filter(status__in=COUNTED_CLAIMS).aggregate(total=Sum("lines__amount"))["total"]
        )
        + total["this_claim"]
    )
    granted_for_year = granted(intervention, year)
    return ClaimOverview(
        rows=rows,
        total=total,
        granted_for_year=granted_for_year,
        claimed_for_year=claimed_for_year,
        exceeds_budget=total["remaining"] < 0,
        exceeds_grant=claimed_for_year > granted_for_year,
    )


def claim_amounts(claim) -> dict:
    return {line.category: line.amount for line in claim.lines.all()}


def utilisation(intervention) -> list[dict]:
    """Outcome against budget per year: granted, claimed (approved or paid), paid, remaining."""
    years = set(intervention.budget_lines.values_list("year", flat=True))
    years |= decided_years(intervention)
    result = []
    for year in sorted(years):
        claims = intervention.claims.filter(period_start__year=year)
        approved = money(
            claims.filter(status__in=(ClaimStatus.APPROVED, ClaimStatus.PAID)).aggregate(
                total=Sum("lines__amount")
            )["total"]
        )
        paid = money(
            claims.filter(status=ClaimStatus.PAID).aggregate(total=Sum("lines__amount"))["total"]
        )
        year_granted = granted(intervention, year)
        result.append(
            {
                "year": year,
                "asked": asked(intervention, year),
                "granted": year_granted,
                "approved": approved,
                "paid": paid,
                "remaining": year_granted - approved,
                "percent": _percent(approved, year_granted),
            }
        )
    return result


def utilisation_total(rows: list[dict]) -> dict:
    """The whole period of `utilisation`'s rows (year None)."""
    total = {
        key: sum((row[key] for row in rows), ZERO)
        for key in ("asked", "granted", "approved", "paid", "remaining")
    }
    return total | {"year": None, "percent": _percent(total["approved"], total["granted"])}


def _percent(approved: Decimal, granted: Decimal) -> Decimal | None:
    return (approved * 100 / granted).quantize(Decimal("0.1")) if granted else None


# The law's shares (Lag 2003:1210): the state half through Försäkringskassan, the region(s) a
# quarter, the municipalities together a quarter. Arbetsförmedlingen pays no separate share.
STATE_SHARE = Decimal("0.50")
REGION_SHARE = Decimal("0.25")
MUNICIPALITY_SHARE = Decimal("0.25")


def _whole_kronor(exact: list[tuple[Any, Decimal]], total: Decimal) -> list[tuple[Any, Decimal]]:
    """Round exact shares to whole kronor so they still add up to `total` (largest remainder)."""
    floors = [(owner, amount.quantize(KRONA, rounding=ROUND_FLOOR)) for owner, amount in exact]
    left = int(total.quantize(KRONA, rounding=ROUND_HALF_UP) - sum(f for _o, f in floors))
    by_remainder = sorted(
        range(len(exact)), key=lambda index: exact[index][1] - floors[index][1], reverse=True
    )
    extra = set(by_remainder[:left])
    return [
        (owner, (floor + (1 if index in extra else 0)).quantize(ZERO))
        for index, (owner, floor) in enumerate(floors)
    ]


def _shares(amount: Decimal, weighted: Sequence[tuple[Any, Decimal]]) -> list[tuple[Any, Decimal]]:
    total_weight = sum((weight for _owner, weight in weighted), Decimal(0))
    if not total_weight:
        return []
    return [(owner, amount * weight / total_weight) for owner, weight in weighted]


def member_contributions(budget) -> list[dict]:
    """Each member's contribution for the year, by the law's shares and the municipalities' key.

    Without keys the municipalities share their quarter equally. Amounts are whole kronor that
    add up to the allocated funds.
    """
    members = Organisation.objects.filter(forbund=budget.forbund, is_member=True)
    keys = {k.organisation_id: k.key for k in budget.keys.all()}
    municipalities = list(members.filter(kind=OrganisationKind.MUNICIPALITY))
    municipal_weights = [(o, keys.get(o.pk, Decimal(0))) for o in municipalities]
    if not any(weight for _o, weight in municipal_weights):
        municipal_weights = [(o, Decimal(1)) for o in municipalities]
    funds = budget.allocated_funds
    exact = [
        *_shares(
            funds * STATE_SHARE,
            [(o, Decimal(1)) for o in members.filter(kind=OrganisationKind.FORSAKRINGSKASSAN)],
        ),
        *_shares(
            funds * REGION_SHARE,
            [(o, Decimal(1)) for o in members.filter(kind=OrganisationKind.REGION)],
        ),
        *_shares(funds * MUNICIPALITY_SHARE, municipal_weights),
    ]
    rows = [
        {"organisation": organisation, "amount": amount, "key": keys.get(organisation.pk)}
        for organisation, amount in _whole_kronor(exact, funds)
    ]
    rows += [
        {"organisation": organisation, "amount": ZERO, "key": None}
        for organisation in members.filter(kind=OrganisationKind.ARBETSFORMEDLINGEN)
    ]
    return rows


def forbund_result(budget) -> dict:
    interventions = granted_in_forbund(budget.forbund, budget.year)
    costs = budget.board_costs + budget.administration_costs + budget.audit_costs + interventions
    income = budget.allocated_funds + budget.other_income
    result = income - costs
    return {
        "interventions": interventions,
        "costs": money(costs),
        "income": money(income),
        "result": money(result),
        "closing_equity": money(budget.opening_equity + result),
    }


def application_content(intervention) -> dict:
    """The application as plain data, for a frozen version, its diff and its Word export."""
    parties = intervention.parties.select_related("organisation")
    lines = intervention.budget_lines.select_related("organisation")
    totals = budget_totals(intervention.budget_lines.all())
    return {
        "name": intervention.name,
        "kind": intervention.get_kind_display(),
        "planned_start": str(intervention.planned_start or ""),
        "planned_end": str(intervention.planned_end or ""),
        "budgeted_participants": intervention.budgeted_participants,
        "purpose": intervention.purpose,
        "effect_goals": intervention.effect_goals,
        "intervention_goals": intervention.intervention_goals,
        "background": intervention.background,
        "target_group": intervention.target_group_text,
        "age": f"{intervention.min_age}–{intervention.max_age}",
        "methods": sorted(m.name for m in intervention.methods.all()),
        "follow_up_plan": intervention.follow_up_plan,
        "implementation_plan": intervention.implementation_plan,
        "anchored_in_local_group": intervention.anchored_in_local_group,
        "anchoring_comment": intervention.anchoring_comment,
        "parties": {
            p.organisation.name: {
                "role": p.get_role_display(),
                "contact_name": p.contact_name,
                "contact_email": p.contact_email,
            }
            for p in parties
        },
        "phases": {phase.name: f"{phase.start}–{phase.end}" for phase in intervention.phases.all()},
        "staffing": {
            str(year): str(staffing_table(intervention, year).total)
            for year in staffing_years(intervention)
        },
        "budget_lines": [
            {
                "year": line.year,
                "organisation": line.organisation.name,
                "category": line.category,
                "source": line.source,
                "description": line.description,
                "position_percent": None
                if line.position_percent is None
                else str(line.position_percent),
                "amount": str(line.amount),
            }
            for line in lines
        ],
        "budget_per_year": {
            str(year): {key: str(value) for key, value in sums.items()}
            for year, sums in totals.per_year.items()
        },
    }


def plan_covering(plans, year: int | None):
    """The activity plan whose years hold `year`, the latest adopted first."""
    if year is None:
        return None
    return plans.filter(first_year__lte=year, last_year__gte=year).first()


def start_year(intervention) -> int | None:
    return intervention.planned_start.year if intervention.planned_start else None


def plan_budget(plan) -> dict:
    """The plan's budget: per year of the plan, the förbund's budget of that year (None where
    there is none yet) and its result; and the sums of the years that have one."""
    budgets = {
        budget.year: budget
        for budget in ForbundBudget.objects.filter(forbund=plan.forbund, year__in=plan.years)
    }
    rows = [
        {"year": year, "budget": budgets.get(year), "result": forbund_result(budgets[year])}
        if year in budgets
        else {"year": year, "budget": None, "result": None}
        for year in plan.years
    ]
    fields: tuple[str, ...] = (
        "allocated_funds",
        "other_income",
        "board_costs",
        "administration_costs",
    )
    fields += ("audit_costs",)
    total = {name: money(sum(getattr(b, name) for b in budgets.values())) for name in fields}
    total["interventions"] = money(sum(r["result"]["interventions"] for r in rows if r["result"]))
    total["result"] = money(sum(r["result"]["result"] for r in rows if r["result"]))
    return {"rows": rows, "total": total}

"""Reports on referrals and participants: referrals per month, participants started, ongoing and
ended, and occupation and income before and after as the old national register (SUS) showed them."""

from __future__ import annotations

from typing import cast

from django.db.models import Case, CharField, Q, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samordna.core.record_keys import Counted
from samordna.interventions.models import FollowUpMethod
from samordna.participants.choices import Occupation
from samordna.participants.models import CountRegistration
from samordna.reports import dimensions as dim
from samordna.reports.registry import report
from samordna.reports.scope import ReportScope
from samordna.reports.tables import (
    Category,
    Computed,
    Counting,
    CrossTab,
    Dimension,
    FlagCross,
    FlagTab,
    Ratio,
    Table,
    Unit,
    count_table,
    tabulate,
)


def _months(scope: ReportScope) -> Dimension:
    labels = [Category(str(m.number), m.label()) for m in scope.period.months()]
    return Dimension("month", labels, _("Month"), {"month": dim.Month("received_on")})


@report(
    "referrals",
    "remisser",
    gettext_lazy("Referrals per month"),
    gettext_lazy("Referrals received each month, by gender and by initiating party."),
)
def referrals(scope: ReportScope) -> list[Table]:
    months = _months(scope)
    return tabulate(
        scope.referrals(),
        [
            CrossTab(
                key="referrals_gender",
                title=_("Referrals per month by gender"),
                rows=months,
                columns=dim.gender("gender"),
            ),
            CrossTab(
                key="referrals_party",
                title=_("Referrals per month by initiating party"),
                rows=months,
                columns=dim.initiating_party("initiating_party"),
            ),
        ],
    )


def status_overview(scope: ReportScope) -> FlagTab:
    """Of the enrolments during the period (each status implies one), those started, enrolled,
    ended and ongoing at its end, by gender."""
    statuses = [
        (Category("started", _("Started in the period")), scope.started()),
        (Category("active", _("Enrolled during the period")), scope.active()),
        (Category("ended", _("Ended in the period")), scope.ended()),
        (Category("ongoing", _("Ongoing at the end of the period")), _ongoing_at_end(scope)),
    ]
    return FlagTab(
        key="status",
        title=_("Participants started, enrolled, ended and ongoing"),
        row_heading=_("Participants"),
        rows=statuses,
        columns=dim.gender(),
        note=_("An enrolment can be both started and ended in the same period."),
    )


def _ongoing_at_end(scope: ReportScope) -> Q:
    return Q(start__lte=scope.period.end) & (
        Q(end_date__isnull=True) | Q(end_date__gt=scope.period.end)
    )


def enrolled_per_intervention(scope: ReportScope) -> CrossTab:
    intervention = Dimension(
        "intervention_id",
        [Category(str(i.pk), i.name) for i in scope.interventions()],
        _("Intervention"),
    )
    return _by_gender("active_intervention", _("Enrolled per intervention"), intervention)


def budgeted_and_enrolled(scope: ReportScope, enrolled: Table) -> Table:
    """Each intervention's budgeted participants beside those enrolled during the period (the
    table `enrolled_per_intervention` made), and the share of the budget reached, computed from
    the published count so it rests on no exact count."""
    interventions = list(scope.interventions().values_list("pk", "budgeted_participants"))
    budgets = [budgeted for _pk, budgeted in interventions if budgeted is not None]
    cells: dict = {}
    for pk, budgeted in interventions:
        code = str(pk)
        cells[(code, "budgeted")] = budgeted
        cells[(code, "enrolled")] = _row_total(enrolled, code)
    return Table(
        key="budgeted_participants",
        title=_("Budgeted and enrolled participants per intervention"),
        row_heading=_("Intervention"),
        rows=enrolled.rows,
        columns=[
            Category("budgeted", _("Budgeted participants")),
            Category("enrolled", _("Enrolled during the period")),
            Category("reached", _("Share of the budgeted number")),
        ],
        cells=cells,
        column_totals={
            "budgeted": sum(budgets) if budgets else None,
            "enrolled": enrolled.grand_total,
        },
        column_units={"budgeted": Unit.NUMBER},
        ratios={"reached": Ratio("enrolled", "budgeted")},
    )


def _row_total(table: Table, row: str) -> Counted:
    """A row's total in a table of counts (zero for a row nobody fell in): a Counted, which
    the table's wider value type cannot say."""
    return cast(Counted, (table.row_totals or {}).get(row, Counted(0, 0)))


def priority_share(by_group: Table) -> Table:
    """The share of those started (of known age, in interventions naming a priority group) who
    were in the priority group: from the published counts, so it rests on no exact count."""
    inside = _row_total(by_group, dim.IN_PRIORITY)
    outside = _row_total(by_group, dim.OUTSIDE_PRIORITY)
    known = Counted(inside + outside, inside.key + outside.key)
    return Table(
        key="priority_share",
        title=_("The priority group's share of those started"),
        row_heading=_("Started"),
        rows=[Category("all", _("All started"))],
        columns=[
            Category("priority", _("In a priority group")),
            Category("known", _("In interventions with a priority group, age known")),
            Category("share", _("Share in the priority group")),
        ],
        cells={("all", "priority"): inside, ("all", "known"): known},
        ratios={"share": Ratio("priority", "known")},
    )


def _by_gender(key: str, title: str, rows: Dimension, where: Q | None = None) -> CrossTab:
    return CrossTab(key, title, rows, dim.gender(), where=where or Q())


def _income_table(key: str, title: str, path: str, where: Q) -> FlagTab:
    return FlagTab(
        key=key,
        title=title,
        row_heading=_("Income source"),
        rows=dim.income_flags(path),
        columns=dim.gender(),
        where=where,
        note=_("A participant may have several income sources, so the sources do not add up."),
    )


def enrolment_time_table(ended: Q) -> CrossTab:
    return _by_gender("enrolment_time", _("Time in the intervention"), dim.enrolment_time(), ended)


def limit_compliance_table(ended: Q) -> CrossTab:
    return _by_gender(
        "limit_compliance",
        _("Time against the participation limit"),
        dim.limit_compliance(),
        ended,
    )


@report(
    "participants",
    "deltagare",
    gettext_lazy("Participants"),
    gettext_lazy(
        "Participants started, enrolled and ended in the period by gender, age, municipality, "
        "initiating party, income and occupation at start and end, time and end reason."
    ),
)
def participants(scope: ReportScope) -> list[Table]:
    """Every table from the enrolments during the period, read once (tables.tabulate)."""
    return tabulate(scope.enrolments().filter(scope.active()), participant_tables(scope))


def participant_tables(scope: ReportScope) -> list[Counting | Computed]:
    started, ended = scope.started(), scope.ended()
    return [
        status_overview(scope),
        enrolled_per_intervention(scope),
        Computed(lambda t: budgeted_and_enrolled(scope, t["active_intervention"])),
        _by_gender("started_waiting", _("Waiting time to start"), dim.waiting_time(), started),
        _by_gender("started_age", _("Started by age group"), dim.age_group(), started),
        _by_gender(
            "started_priority",
            _("Started in a priority group"),
            dim.priority_group(),
            started,
        ),
        Computed(lambda t: priority_share(t["started_priority"])),
        _by_gender(
            "started_municipality",
            _("Started by municipality"),
            dim.municipality(scope.forbund),
            started,
        ),
        _by_gender(
            "started_party",
            _("Started by initiating party"),
            dim.initiating_party(),
            started,
        ),
        _by_gender(
            "started_occupation",
            _("Occupation at start"),
            dim.occupation("occupation_at_start", _("Occupation at start")),
            started,
        ),
        _income_table(
            "started_income",
            _("Income sources at start"),
            "income_sources_at_start",
            started,
        ),
        _by_gender("started_education", _("Education at start"), dim.education(), started),
        _by_gender(
            "started_support",
            _("Time on public support before start"),
            dim.support_before(),
            started,
        ),
        _by_gender(
            "ended_occupation",
            _("Occupation at end"),
            dim.occupation("occupation_at_end", _("Occupation at end")),
            ended,
        ),
        _income_table("ended_income", _("Income sources at end"), "income_sources_at_end", ended),
        enrolment_time_table(ended),
        limit_compliance_table(ended),
        _by_gender("ended_kind", _("Kind of end"), dim.end_kind(), ended),
        _by_gender("ended_reason", _("Reason for end"), dim.end_reason(), ended),
        Computed(
            lambda t: registered_counts(scope, "counted", _("Participants registered as numbers"))
        ),
    ]


def registered_counts(scope: ReportScope, key: str, title: str) -> Table:
    """Numbers registered per intervention, gender and period (count-only interventions, or
    every intervention of a förbund whose register keeps counts only) within the period."""
    counts = (
        CountRegistration.objects.visible_to(scope.user)
        .in_forbund(scope.forbund)
        .filter(scope.intervention_filter())
        .filter(period_start__gte=scope.period.start, period_end__lte=scope.period.end)
    )
    interventions = scope.interventions().filter(
        Q(follow_up_method=FollowUpMethod.COUNT_ONLY) | Q(pk__in=counts.values("intervention"))
    )
    return count_table(
        counts,
        key=key,
        title=title,
        rows=Dimension(
            "intervention_id",
            [Category(str(i.pk), i.name) for i in interventions],
            _("Intervention"),
        ),
        columns=dim.gender("gender"),
        measure="count",
    )


WORK_OR_STUDIES = [*dim.SUS_GROUPS[dim.WORK], *dim.SUS_GROUPS[dim.STUDIES]]
PART_WORK = [Occupation.WORK_PART_TIME, Occupation.SUBSIDISED_WORK]


def work_or_studies_after(ended: Q) -> CrossTab:
    """Who was in work or studies after, and whether they started or increased it; an
    enrolment whose situation at the end is not recorded yet is counted as such."""
    before = Q(occupation_at_start__in=WORK_OR_STUDIES)
    after = Q(occupation_at_end__in=WORK_OR_STUDIES)
    missing = Q(occupation_at_end="")
    increased = Q(occupation_at_start__in=PART_WORK, occupation_at_end=Occupation.WORK_FULL_TIME)
    outcomes = [
        (Category("started", _("Started work or studies")), after & ~before),
        (
            Category("increased", _("Increased from part-time or subsidised work to full time")),
            increased,
        ),
        (Category("continued", _("Continued in work or studies")), after & before & ~increased),
        (Category("none", _("Not in work or studies at the end")), ~after & ~missing),
        (Category(dim.NOT_RECORDED, _("Not stated")), missing),
    ]
    outcome = Dimension(
        "work_or_studies_outcome",
        [c for c, _q in outcomes],
        _("Work or studies at the end"),
        {"work_or_studies_outcome": _case(outcomes)},
    )
    return _by_gender("work_or_studies", _("Work and/or studies after"), outcome, ended)


def _case(outcomes: list[tuple[Category, Q]]) -> Case:
    return Case(*[When(q, then=Value(c.code)) for c, q in outcomes], output_field=CharField())


@report(
    "outcomes",
    "sysselsattning-och-forsorjning",
    gettext_lazy("Occupation and income before and after"),
    gettext_lazy(
        "Ended participants' occupation and income at start and at end, grouped as the old "
        "national register (SUS) showed them, and their time in the intervention."
    ),
)
def outcomes(scope: ReportScope) -> list[Table]:
    """Every table from the enrolments ended in the period, read once (tables.tabulate)."""
    return tabulate(scope.enrolments().filter(scope.ended()), outcome_tables())


def outcome_tables() -> list[Counting | Computed]:
    before = dim.sus_occupation("occupation_at_start", _("Occupation before"))
    after = dim.sus_occupation("occupation_at_end", _("Occupation after"), may_be_missing=True)
    income_before = dim.income_flags("income_sources_at_start")
    income_after = dim.income_flags("income_sources_at_end")
    return [
        CrossTab(
            key="occupation_before_after",
            title=_("Occupation before (rows) and after (columns)"),
            rows=before,
            columns=after,
        ),
        work_or_studies_after(Q()),
        FlagCross(
            key="income_before_after",
            title=_("Income after, given income before"),
            row_heading=_("Income before"),
            rows=income_before,
            columns=income_after,
            note=_("Several income sources are allowed, so rows and columns do not add up."),
        ),
        FlagCross(
            key="income_start_end",
            title=_("Income sources at start and at end"),
            row_heading=_("Income source"),
            rows=[(source, Q()) for source, _q in income_before],
            columns=[
                (Category("start", _("At start")), Q()),
                (Category("end", _("At end")), Q()),
            ],
            cell=lambda source, moment: (
                dict(income_before if moment.code == "start" else income_after)[source],
            ),
            row_total=False,
            note=_("Several income sources are allowed, so the sources do not add up."),
        ),
        enrolment_time_table(Q()),
    ]

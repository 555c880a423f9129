"""Is a goal met? Numerator, denominator and n for each metric, then met / not met / too few.

Attainment is a statistic about the intervention, the same for every reader: it counts the
förbund's own rows explicitly (`unrestricted()`) and returns only totals, never a person.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Expression,
    IntegerField,
    Q,
    Sum,
    Value,
    When,
)
from django.utils.translation import pgettext_lazy

from samordna.core.periods import Period, PeriodKind
from samordna.core.record_keys import Counted
from samordna.goals.models import FollowUp, Goal, Metric, SelfSupport
from samordna.measurements.models import Verdict
from samordna.participants.choices import EndKind, Occupation
from samordna.participants.models import Enrolment
from samordna.surveys.models import Answer
from samordna.surveys.stats import at_least

WORK_OR_STUDIES = {
    Occupation.WORK_FULL_TIME,
    Occupation.WORK_PART_TIME,
    Occupation.SUBSIDISED_WORK,
    Occupation.STUDIES,
}

MET = "met"
NOT_MET = "not_met"
TOO_FEW = "too_few"
PENDING = "pending"
STATUS_LABELS = {
    MET: pgettext_lazy("goal status", "Met"),
    NOT_MET: pgettext_lazy("goal status", "Not met"),
    TOO_FEW: pgettext_lazy("goal status", "Too few answers"),
    PENDING: pgettext_lazy("goal status", "Not due yet"),
}


def judge(numerator: int, denominator: int, target_percent: Decimal, minimum_n: int) -> str:
    """Met when numerator/denominator reaches the target exactly or more; too few below n."""
    if denominator < max(minimum_n, 1):
        return TOO_FEW
    return MET if Decimal(numerator) * 100 >= target_percent * denominator else NOT_MET


@dataclass(frozen=True)
class Attainment:
    numerator: int
    denominator: int
    missing: int  # ended participants without the data the metric needs
    status: str

    @property
    def n(self) -> int:
        """How many answers (or participants with data) the figure rests on."""
        return self.denominator

    @property
    def percent(self) -> Decimal | None:
        if not self.denominator:
            return None
        return Decimal(self.numerator) * 100 / Decimal(self.denominator)

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


def milestone_status(goal: Goal, today: date | None = None) -> str:
    """A milestone is met when reached by its date; not met once the date passed without it
    (reached later counts as late, not met); before the date, not due yet."""
    today = today or date.today()
    if goal.met_on and goal.due_on and goal.met_on <= goal.due_on:
        return MET
    if goal.due_on and goal.due_on < today:
        return NOT_MET
    return PENDING


def attainment(goal: Goal) -> Attainment:
    return attainments([goal])[goal.pk]


def attainments(goals: Iterable[Goal]) -> dict[int, Attainment]:
    """Every goal's attainment by its pk, counted together: a few grouped queries however many
    goals (the ended enrolments once, the survey answers, the follow-ups, and one per
    instrument for the goals that follow one), summed per goal in Python."""
    goals = list(goals)
    counted = [goal for goal in goals if goal.metric != Metric.MILESTONE]
    figures: Figures = {}
    if any(goal.metric in _ENDED_METRICS for goal in counted):
        ended = _ended_groups(counted)
        for metric, count in _COUNTERS.items():
            chosen = [goal for goal in counted if goal.metric == metric]
            if chosen:
                figures |= count(chosen, ended)
    chosen = [goal for goal in counted if goal.metric == Metric.SURVEY]
    if chosen:
        figures |= _survey(chosen)
    # A milestone counts no one: met or not by its date.
    milestones = {
        goal.pk: Attainment(0, 0, 0, milestone_status(goal))
        for goal in goals
        if goal.metric == Metric.MILESTONE
    }
    return milestones | {
        goal.pk: Attainment(
            numerator,
            denominator,
            missing,
            judge(numerator, denominator, goal.target_percent or Decimal(0), goal.minimum_n),
        )
        for goal in counted
        for numerator, denominator, missing in [figures[goal.pk]]
    }


Figures = dict[int, tuple[int, int, int]]  # goal pk -> numerator, denominator, missing
Groups = dict[tuple, Counted]  # rows counted per combination of grouped values


def _grouped(queryset, *keys: str | Expression, record_key: str = "record_key") -> Groups:
    """The rows counted with their cell key per combination of the `keys` (field paths or
    expressions), in one grouped query: a handful of rows, which each goal sums for its own."""
    names = [key if isinstance(key, str) else f"group_{i}" for i, key in enumerate(keys)]
    computed = {name: key for name, key in zip(names, keys, strict=True) if name != key}
    rows = (
        queryset.order_by()
        .annotate(**computed)
        .values(*names)
        .annotate(rows=Count("*"), key_sum=Sum(record_key))
    )
    return {
        tuple(row[name] for name in names): Counted(row["rows"], row["key_sum"]) for row in rows
    }


def _total(groups: Groups, wanted: Callable[..., bool]) -> Counted:
    """The sum of the groups whose grouped values `wanted` accepts."""
    chosen = [counted for values, counted in groups.items() if wanted(*values)]
    return Counted(sum(chosen), sum(counted.key for counted in chosen))


def _ended(goals: list[Goal], path: str = "") -> Q:
    """The enrolments (at `path`) in the statistics that ended in any of the goals' periods.

    Of every intervention: each goal sums its own intervention's groups, and with the
    interventions named PostgreSQL read the enrolments' scattered heap pages (a BitmapAnd with
    the intervention index, 6 000 pages) instead of the förbund's covering index.
    Joined, not `IN (enrolments)`, so the enrolment's row is read once.
    """
    return Q(
        **{
            f"{path}forbund_id__in": {goal.forbund_id for goal in goals},
            f"{path}end_date__gte": min(goal.period.start for goal in goals),
            f"{path}end_date__lte": max(goal.period.end for goal in goals),
        }
    ) & ~Q(**{f"{path}end_kind": EndKind.MISTAKE})  # as Enrolment.objects.in_statistics()


def _end_tertial(goals: list[Goal], path: str = "") -> Case:
    """The tertial an enrolment ended in, as year * 10 + tertial, computed in SQL by comparing
    dates (SQLite would otherwise call a Python function on every row to extract the month)."""
    years = range(min(goal.year for goal in goals), max(goal.year for goal in goals) + 1)
    return Case(
        *(
            When(
                **{f"{path}end_date__lte": Period(year, PeriodKind.TERTIAL, tertial).end},
                then=Value(year * 10 + tertial),
            )
            for year in years
            for tertial in (1, 2, 3)
        ),
        output_field=IntegerField(),
    )


def _owns(goal: Goal) -> Callable[[int, int], bool]:
    """Whether an enrolment of an intervention, ended in a tertial (`_end_tertial`), is one
    of the goal's: its intervention, ended in its period."""
    own, tertials = goal.intervention_id, {goal.year * 10 + tertial for tertial in goal.tertials}
    return lambda intervention_id, ended_in: intervention_id == own and ended_in in tertials


# What an ended enrolment's occupation at the end says for the work-or-studies goals.
UNKNOWN, ELSEWHERE, WORK = 0, 1, 2


def _ended_groups(goals: list[Goal]) -> Groups:
    """The goals' ended enrolments per intervention, tertial of the end and occupation at the
    end (unknown, work or studies, or something else), in one query."""
    return _grouped(
        Enrolment.objects.unrestricted().filter(_ended(goals)),
        "intervention_id",
        _end_tertial(goals),
        Case(
            When(occupation_at_end="", then=Value(UNKNOWN)),
            When(occupation_at_end__in=WORK_OR_STUDIES, then=Value(WORK)),
            default=Value(ELSEWHERE),
        ),
    )


def _cohort(ended: Groups, goal: Goal, *occupations: int) -> Counted:
    """The goal's ended enrolments (with one of the `occupations` at the end, if given)."""
    owns = _owns(goal)
    return _total(
        ended,
        lambda intervention, ended_in, occupation: (
            owns(intervention, ended_in) and (not occupations or occupation in occupations)
        ),
    )


def _closer(goals: list[Goal], ended: Groups) -> Figures:
    """Per goal: its ended enrolments that came closer by the instrument's rule, those with a
    verdict, and those without, from the verdicts the services keep (measurements.Verdict)."""
    judged = _grouped(
        Verdict.objects.unrestricted().filter(
            _ended(goals, "enrolment__"),
            forbund_id__in={goal.forbund_id for goal in goals},
            instrument_id__in={goal.instrument_id for goal in goals},
        ),
        "instrument_id",
        "enrolment__intervention_id",
        _end_tertial(goals, "enrolment__"),
        "came_closer",
        record_key="enrolment__record_key",
    )
    figures: Figures = {}
    for goal in goals:
        owns, instrument = _owns(goal), goal.instrument_id

        def known(instrument_id, intervention, ended_in, _closer, owns=owns, instrument=instrument):
            return instrument_id == instrument and owns(intervention, ended_in)

        closer = _total(judged, lambda *values, known=known: known(*values) and values[3])
        counted = _total(judged, known)
        figures[goal.pk] = (closer, counted, _cohort(ended, goal) - counted)
    # A goal without its instrument (clean() requires one) judges no one.
    return figures | {goal.pk: (0, 0, 0) for goal in goals if goal.instrument_id is None}


def _survey(goals: list[Goal]) -> Figures:
    forbund = {goal.forbund_id for goal in goals}
    # The responses of the goals' förbund and years (their index), not every one in the country,
    # and of the occasions and tertials some goal counts (each goal picks its own below).
    answers = Answer.objects.filter(
        forbund_id__in=forbund,
        response__forbund_id__in=forbund,
        response__year__in={goal.year for goal in goals},
        response__tertial__in={tertial for goal in goals for tertial in goal.tertials},
        response__occasion__in={goal.occasion for goal in goals},
        response__intervention_id__in={goal.intervention_id for goal in goals},
        question__code__in={goal.question_code for goal in goals},
    )
    # Each threshold's rule (at_least) judged in SQL, once per threshold the goals use.
    thresholds = sorted({goal.threshold or 0 for goal in goals})  # Goal.clean requires one
    groups = _grouped(
        answers,
        "question__code",
        "response__version__questionnaire_id",
        "response__intervention_id",
        "response__occasion",
        "response__year",
        "response__tertial",
        *(
            Case(
                When(at_least(threshold), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
            for threshold in thresholds
        ),
        record_key="response__record_key",
    )
    figures: Figures = {}
    for goal in goals:
        position = thresholds.index(goal.threshold or 0)
        answered = (
            goal.question_code,
            goal.questionnaire_id,
            goal.intervention_id,
            goal.occasion,
            goal.year,
        )

        def own(*values, answered=answered, tertials=goal.tertials) -> bool:
            return values[:5] == answered and values[5] in tertials

        def met(*values, own=own, position=position) -> bool:
            return own(*values) and values[6 + position]

        figures[goal.pk] = (_total(groups, met), _total(groups, own), 0)
    return figures


def _work_or_studies(goals: list[Goal], ended: Groups) -> Figures:
    return {
        goal.pk: (
            _cohort(ended, goal, WORK),
            _cohort(ended, goal, WORK, ELSEWHERE),
            _cohort(ended, goal, UNKNOWN),
        )
        for goal in goals
    }


def _self_supporting(goals: list[Goal], ended: Groups) -> Figures:
    follow_ups = (
        FollowUp.objects.unrestricted()
        # The förbund's own follow-ups, not the country's, are matched to the ended enrolments
        # (national scale: a sequential scan of 373 000 follow-ups, 150 → 70 ms).
        .filter(_ended(goals, "enrolment__"), forbund_id__in={goal.forbund_id for goal in goals})
        .exclude(self_support=SelfSupport.UNKNOWN)
    )
    groups = _grouped(
        follow_ups,
        "enrolment__intervention_id",
        _end_tertial(goals, "enrolment__"),
        "months_after",
        Case(
            When(self_support__in=[SelfSupport.WHOLLY, SelfSupport.PARTLY], then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        record_key="enrolment__record_key",
    )
    figures: Figures = {}
    for goal in goals:
        owns = _owns(goal)

        def known(intervention, ended_in, months_after, _supporting, owns=owns, goal=goal):
            return owns(intervention, ended_in) and months_after == goal.months_after

        counted = _total(groups, known)
        supporting = _total(groups, lambda *values, known=known: known(*values) and values[3])
        figures[goal.pk] = (supporting, counted, _cohort(ended, goal) - counted)
    return figures


# The metrics counted among the ended enrolments, and how.
_COUNTERS: dict[str, Callable[[list[Goal], Groups], Figures]] = {
    Metric.CLOSER: _closer,
    Metric.WORK_OR_STUDIES: _work_or_studies,
    Metric.SELF_SUPPORTING: _self_supporting,
}
_ENDED_METRICS = set(_COUNTERS)

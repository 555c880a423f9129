"""Is a goal met? Numerator, denominator and n for each metric, then met / not met / too few.

Attainment is a statistic about the intervention, the same for every reader: it counts the
förbund's own rows explicitly (`unrestricted()`) and returns only totals, never a person.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import pgettext_lazy

from samordna.core.record_keys import Counted, counted_where
from samordna.goals.models import FollowUp, Goal, Metric, SelfSupport
from samordna.measurements.models import Assessment, Instrument
from samordna.measurements.services import closer_by_enrolment
from samordna.participants.choices import Occupation
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
    """Every goal's attainment by its pk, counted together: a few queries however many goals
    (one per metric, and per instrument for the goals that follow one)."""
    goals = list(goals)
    figures: dict[int, tuple[int, int, int]] = {}
    for metric, count in _COUNTERS.items():
        chosen = [goal for goal in goals if goal.metric == metric]
        if chosen:
            figures |= count(chosen)
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
        for goal in goals
        if goal.metric != Metric.MILESTONE
        for numerator, denominator, missing in [figures[goal.pk]]
    }


Figures = dict[int, tuple[int, int, int]]  # goal pk -> numerator, denominator, missing


def _ended(goals: list[Goal]):
    """The enrolments that ended in any of the goals' periods in their interventions."""
    return (
        Enrolment.objects.unrestricted()
        .filter(
            forbund_id__in={goal.forbund_id for goal in goals},
            intervention_id__in={goal.intervention_id for goal in goals},
            end_date__gte=min(goal.period.start for goal in goals),
            end_date__lte=max(goal.period.end for goal in goals),
        )
        .in_statistics()
    )


def _ended_in(goal: Goal, path: str = "") -> Q:
    """Of those, the goal's own: its intervention, ended in its period."""
    period = goal.period
    return Q(
        **{
            f"{path}intervention_id": goal.intervention_id,
            f"{path}end_date__gte": period.start,
            f"{path}end_date__lte": period.end,
        }
    )


def _closer(goals: list[Goal]) -> Figures:
    figures: Figures = {}
    instruments = {
        i.pk: i for i in Instrument.objects.filter(pk__in={g.instrument_id for g in goals})
    }
    for instrument_id, instrument in instruments.items():
        following = [goal for goal in goals if goal.instrument_id == instrument_id]
        ended = _ended(following)
        verdicts = closer_by_enrolment(
            Assessment.objects.unrestricted().filter(enrolment__in=ended), instrument
        )
        enrolments = ended.values_list("pk", "record_key", "intervention_id", "end_date")
        cohorts: dict[int, list[tuple[int, int]]] = {goal.pk: [] for goal in following}
        by_intervention: dict[int, list[tuple[Goal, date, date]]] = {}
        for goal in following:
            period = goal.period
            by_intervention.setdefault(goal.intervention_id, []).append(
                (goal, period.start, period.end)
            )
        for pk, key, intervention_id, end_date in enrolments:
            for goal, start, end in by_intervention.get(intervention_id, []):
                if start <= end_date <= end:
                    cohorts[goal.pk].append((pk, key))
        for goal in following:
            cohort = cohorts[goal.pk]
            known = [(pk, key) for pk, key in cohort if verdicts.get(pk) is not None]
            closer = [(pk, key) for pk, key in known if verdicts[pk]]
            figures[goal.pk] = (_counted(closer), _counted(known), len(cohort) - len(known))
    return figures | {goal.pk: (0, 0, 0) for goal in goals if goal.instrument_id not in instruments}


def _counted(enrolments: list[tuple[int, int]]) -> Counted:
    return Counted(len(enrolments), sum(key for _pk, key in enrolments))


def _survey(goals: list[Goal]) -> Figures:
    forbund = {goal.forbund_id for goal in goals}
    # The responses of the goals' förbund and years (their index), not every one in the country.
    answers = Answer.objects.filter(
        forbund_id__in=forbund,
        response__forbund_id__in=forbund,
        response__year__in={goal.year for goal in goals},
        response__intervention_id__in={goal.intervention_id for goal in goals},
        question__code__in={goal.question_code for goal in goals},
    )
    conditions: dict[str, Q] = {}
    for goal in goals:
        answered = Q(
            question__code=goal.question_code,
            response__version__questionnaire_id=goal.questionnaire_id,
            response__intervention_id=goal.intervention_id,
            response__occasion=goal.occasion,
            response__year=goal.year,
            response__tertial__in=goal.tertials,
        )
        conditions[f"all_{goal.pk}"] = answered
        # Goal.clean requires a threshold
        conditions[f"met_{goal.pk}"] = answered & at_least(goal.threshold or 0)
    counts = counted_where(answers, conditions, record_key="response__record_key")
    return {goal.pk: (counts[f"met_{goal.pk}"], counts[f"all_{goal.pk}"], 0) for goal in goals}


def _ended_counts(goals: list[Goal]) -> dict[str, Counted]:
    """Per goal: its ended enrolments, those whose occupation at the end is known, and those
    of them in work or studies, in one query."""
    known = ~Q(occupation_at_end="")
    conditions: dict[str, Q] = {}
    for goal in goals:
        own = _ended_in(goal)
        conditions |= {
            f"all_{goal.pk}": own,
            f"known_{goal.pk}": own & known,
            f"reached_{goal.pk}": own & known & Q(occupation_at_end__in=WORK_OR_STUDIES),
        }
    return counted_where(_ended(goals), conditions)


def _work_or_studies(goals: list[Goal]) -> Figures:
    counts = _ended_counts(goals)
    return {
        goal.pk: (
            counts[f"reached_{goal.pk}"],
            counts[f"known_{goal.pk}"],
            counts[f"all_{goal.pk}"] - counts[f"known_{goal.pk}"],
        )
        for goal in goals
    }


def _self_supporting(goals: list[Goal]) -> Figures:
    ended = _ended_counts(goals)
    follow_ups = (
        FollowUp.objects.unrestricted()
        # The förbund's own follow-ups, not the country's, are matched to the ended enrolments
        # (national scale: a sequential scan of 373 000 follow-ups, 150 → 70 ms).
        .filter(forbund_id__in={goal.forbund_id for goal in goals}, enrolment__in=_ended(goals))
        .exclude(self_support=SelfSupport.UNKNOWN)
    )
    conditions: dict[str, Q] = {}
    for goal in goals:
        own = _ended_in(goal, "enrolment__") & Q(months_after=goal.months_after)
        conditions |= {
            f"known_{goal.pk}": own,
            f"supporting_{goal.pk}": own
            & Q(self_support__in=[SelfSupport.WHOLLY, SelfSupport.PARTLY]),
        }
    counts = counted_where(follow_ups, conditions, record_key="enrolment__record_key")
    return {
        goal.pk: (
            counts[f"supporting_{goal.pk}"],
            counts[f"known_{goal.pk}"],
            ended[f"all_{goal.pk}"] - counts[f"known_{goal.pk}"],
        )
        for goal in goals
    }


_COUNTERS: dict[str, Callable[[list[Goal]], Figures]] = {
    Metric.CLOSER: _closer,
    Metric.SURVEY: _survey,
    Metric.WORK_OR_STUDIES: _work_or_studies,
    Metric.SELF_SUPPORTING: _self_supporting,
}

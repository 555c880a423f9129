"""Is a goal met? Numerator, denominator and n for each metric, then met / not met / too few.

Attainment is a statistic about the intervention, the same for every reader: it counts the
förbund's own rows explicitly (`unrestricted()`) and returns only totals, never a person.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import pgettext_lazy

from samordna.core.record_keys import Counted, counted_where
from samordna.goals.models import FollowUp, Goal, Metric, SelfSupport
from samordna.measurements.models import Assessment
from samordna.measurements.services import closer_by_enrolment
from samordna.participants.choices import Occupation
from samordna.participants.models import Enrolment
from samordna.surveys.models import Answer
from samordna.surveys.stats import share_at_least

WORK_OR_STUDIES = {
    Occupation.WORK_FULL_TIME,
    Occupation.WORK_PART_TIME,
    Occupation.SUBSIDISED_WORK,
    Occupation.STUDIES,
}

MET = "met"
NOT_MET = "not_met"
TOO_FEW = "too_few"
STATUS_LABELS = {
    MET: pgettext_lazy("goal status", "Met"),
    NOT_MET: pgettext_lazy("goal status", "Not met"),
    TOO_FEW: pgettext_lazy("goal status", "Too few answers"),
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


def attainment(goal: Goal) -> Attainment:
    numerator, denominator, missing = _COUNTERS[goal.metric](goal)
    status = judge(numerator, denominator, goal.target_percent, goal.minimum_n)
    return Attainment(numerator, denominator, missing, status)


def _ended(goal: Goal):
    period = goal.period
    return (
        Enrolment.objects.unrestricted()
        .filter(forbund=goal.forbund, intervention=goal.intervention)
        .in_statistics()
        .filter(end_date__gte=period.start, end_date__lte=period.end)
    )


def _closer(goal: Goal) -> tuple[int, int, int]:
    ended = _ended(goal)
    verdicts = closer_by_enrolment(
        Assessment.objects.unrestricted().filter(enrolment__in=ended), goal.instrument
    )
    keys = dict(ended.values_list("pk", "record_key"))
    known = [pk for pk, verdict in verdicts.items() if verdict is not None]
    closer = [pk for pk in known if verdicts[pk]]
    return _counted(closer, keys), _counted(known, keys), len(keys) - len(known)


def _counted(enrolments: list[int], keys: dict[int, int]) -> Counted:
    return Counted(len(enrolments), sum(keys[pk] for pk in enrolments))


def _survey(goal: Goal) -> tuple[int, int, int]:
    answers = Answer.objects.filter(
        forbund=goal.forbund,
        question__code=goal.question_code,
        response__version__questionnaire=goal.questionnaire,
        response__intervention=goal.intervention,
        response__occasion=goal.occasion,
        response__year=goal.year,
        response__tertial__in=goal.tertials,
    )
    share = share_at_least(answers, goal.threshold or 0)  # Goal.clean requires a threshold
    return share.numerator, share.denominator, 0


def _work_or_studies(goal: Goal) -> tuple[int, int, int]:
    known = ~Q(occupation_at_end="")
    counts = counted_where(
        _ended(goal),
        {
            "all": Q(),
            "known": known,
            "reached": known & Q(occupation_at_end__in=WORK_OR_STUDIES),
        },
    )
    return counts["reached"], counts["known"], counts["all"] - counts["known"]


def _self_supporting(goal: Goal) -> tuple[int, int, int]:
    ended = _ended(goal)
    follow_ups = (
        FollowUp.objects.unrestricted()
        .filter(enrolment__in=ended, months_after=goal.months_after)
        .exclude(self_support=SelfSupport.UNKNOWN)
    )
    counts = counted_where(
        follow_ups,
        {"known": Q(), "supporting": Q(self_support__in=[SelfSupport.WHOLLY, SelfSupport.PARTLY])},
        record_key="enrolment__record_key",
    )
    return counts["supporting"], counts["known"], ended.count() - counts["known"]


_COUNTERS: dict[str, Callable[[Goal], tuple[int, int, int]]] = {
    Metric.CLOSER: _closer,
    Metric.SURVEY: _survey,
    Metric.WORK_OR_STUDIES: _work_or_studies,
    Metric.SELF_SUPPORTING: _self_supporting,
}

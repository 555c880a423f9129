"""Finnveden's three goals, computed for a hand-built cohort, and the other metrics.

Seed (uppdragsavtal § 4): 50 % say they have clearly come closer to the labour market according
to SKAPA; 75 % feel they got support "of great use"; 85 % feel that staff made use of their
experience, knowledge and views (indicators 1 and 7).
"""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from samordna.core.permissions import Role
from samordna.goals import services as goal_services
from samordna.goals.attainment import MET, NOT_MET, TOO_FEW, attainment, attainments, judge
from samordna.goals.models import FollowUp, Goal, Metric, SelfSupport
from samordna.interventions.tests.factories import TeamMemberFactory
from samordna.measurements import services as measurement_services
from samordna.measurements.models import Instrument, Respondent
from samordna.measurements.tests.factories import EnrolmentFactory
from samordna.participants.choices import EndKind, Occupation
from samordna.surveys import services as survey_services
from samordna.surveys.models import Occasion, Questionnaire
from samordna.surveys.tests.factories import InterventionFactory

# "For det mesta" (5) or "Alltid" (6) on the frequency scale counts as agreeing.
AGREES = 5


@pytest.fixture
def team(tenant):
    intervention = InterventionFactory(forbund=tenant.forbund, name="Samverkansteam Finnveden")
    TeamMemberFactory(
        intervention=intervention, membership=tenant.users[Role.STAFF].memberships.get()
    )
    return intervention


@pytest.fixture
def skapa(tenant):
    measurement_services.install_instrument_examples(tenant.users[Role.ADMIN], tenant.forbund)
    return Instrument.objects.get(forbund=tenant.forbund, name="SKAPA (BIP)")


@pytest.fixture
def end_survey(tenant):
    survey_services.install_examples(tenant.users[Role.ADMIN], tenant.forbund)
    return Questionnaire.objects.get(forbund=tenant.forbund, name__endswith="vid avslut")


def _goal(team, **fields):
    defaults = {"name": "Mål", "year": 2025, "minimum_n": 1}
    return Goal.objects.create(forbund=team.forbund, intervention=team, **defaults | fields)


def _survey_goal(team, survey, code, target, **fields):
    """A goal on the share agreeing ("most of the time" or better) with one question."""
    return _goal(
        team,
        metric=Metric.SURVEY,
        target_percent=Decimal(target),
        questionnaire=survey,
        question_code=code,
        threshold=AGREES,
        **fields,
    )


def _ended(team, on=date(2025, 6, 30), **fields):
    fields = {"end_kind": EndKind.COMPLETED} | fields
    return EnrolmentFactory(intervention=team, end_date=on, **fields)


def _skapa(tenant, enrolment, skapa, means_by_date):
    """Assess the participant items; each value is the same for every item (so it is the mean)."""
    version = skapa.latest_version()
    for on, value in means_by_date:
        measurement_services.record_assessment(
            tenant.users[Role.STAFF],
            enrolment,
            version,
            respondent=Respondent.PARTICIPANT,
            assessed_on=on,
            occasion="follow_up",
            values={i.pk: value for i in version.items_for(Respondent.PARTICIPANT)},
        )


def _answers(survey, team, code, values, tertial=2):
    version = survey.latest_version()
    question = version.questions.get(code=code)
    for value in values:
        survey_services._store_response(
            version, team, Occasion.END, 2025, tertial, {question.pk: value}, "paper"
        )


# Goal 1: 50 % closer to the labour market by SKAPA (rule: the mean rose by at least 0.50).


def test_finnveden_goal_1_closer_by_skapa(tenant, team, skapa):
    rising = _ended(team)
    _skapa(tenant, rising, skapa, [(date(2025, 1, 10), 2), (date(2025, 4, 10), 4)])
    falling = _ended(team)
    _skapa(tenant, falling, skapa, [(date(2025, 1, 10), 3), (date(2025, 4, 10), 2)])
    once = _ended(team)
    _skapa(tenant, once, skapa, [(date(2025, 1, 10), 3)])
    _ended(team)  # never assessed
    goal = _goal(team, metric=Metric.CLOSER, target_percent=Decimal(50), instrument=skapa)
    result = attainment(goal)
    assert (result.numerator, result.denominator, result.n, result.missing) == (1, 2, 2, 2)
    assert result.status == MET  # 1 of 2 is exactly 50 %


def test_finnveden_goal_1_a_rise_exactly_at_the_rule_counts_as_closer(tenant, team, skapa):
    for start, latest in ((2, 3), (3, 3)):  # +1 (closer) and 0 (not)
        enrolment = _ended(team)
        _skapa(tenant, enrolment, skapa, [(date(2025, 1, 10), start), (date(2025, 4, 10), latest)])
    version = skapa.latest_version()
    version.rule_min_rise = Decimal("1.00")
    version.save()
    goal = _goal(team, metric=Metric.CLOSER, target_percent=Decimal(50), instrument=skapa)
    assert (attainment(goal).numerator, attainment(goal).denominator) == (1, 2)


def test_participants_ended_outside_the_period_or_by_mistake_are_left_out(tenant, team, skapa):
    for enrolment in (
        _ended(team, on=date(2024, 12, 31), start=date(2024, 6, 1)),
        _ended(team, end_kind=EndKind.MISTAKE),
        EnrolmentFactory(intervention=team),  # ongoing
    ):
        _skapa(tenant, enrolment, skapa, [(date(2025, 1, 7), 1), (date(2025, 1, 8), 5)])
    goal = _goal(team, metric=Metric.CLOSER, target_percent=Decimal(50), instrument=skapa)
    assert attainment(goal).denominator == 0


# Goals 2 and 3: indicators 1 and 7 of the end questionnaire.


def test_finnveden_goal_2_support_of_great_use_tie_at_75_percent_is_met(team, end_survey):
    _answers(end_survey, team, "indikator-1", [6, 5, 5, 3])
    goal = _survey_goal(team, end_survey, "indikator-1", 75, minimum_n=4)
    result = attainment(goal)
    assert (result.numerator, result.denominator, result.n) == (3, 4, 4)
    assert result.percent == 75
    assert result.status == MET


def test_finnveden_goal_3_staff_made_use_of_experience_85_percent(team, end_survey):
    _answers(end_survey, team, "indikator-7", [6] * 10 + [5] * 6 + [4, 3, 2, 1])
    goal = _survey_goal(team, end_survey, "indikator-7", 85, minimum_n=5)
    result = attainment(goal)
    assert (result.numerator, result.denominator) == (16, 20)
    assert result.status == NOT_MET  # 80 % < 85 %
    _answers(end_survey, team, "indikator-7", [6, 6, 6, 6, 6, 6, 6, 6, 6, 6])
    assert attainment(goal).status == MET  # 26 of 30 = 86.7 %


def test_a_goal_with_no_answers_has_too_few_answers(team, end_survey):
    goal = _survey_goal(team, end_survey, "indikator-1", 75)
    result = attainment(goal)
    assert (result.numerator, result.denominator, result.percent) == (0, 0, None)
    assert result.status == TOO_FEW


def test_one_answer_is_too_few_with_the_usual_minimum_but_counts_with_a_minimum_of_one(
    team, end_survey
):
    _answers(end_survey, team, "indikator-1", [6])
    goal = _survey_goal(team, end_survey, "indikator-1", 75, minimum_n=5)
    assert attainment(goal).status == TOO_FEW
    goal.minimum_n = 1
    assert attainment(goal).status == MET


def test_answers_from_another_occasion_period_or_intervention_do_not_count(
    tenant, team, end_survey
):
    _answers(end_survey, team, "indikator-1", [6], tertial=1)
    _answers(end_survey, InterventionFactory(forbund=tenant.forbund), "indikator-1", [6])
    goal = _survey_goal(team, end_survey, "indikator-1", 75, tertial=2)
    assert attainment(goal).denominator == 0


def test_survey_goals_counted_together_each_count_their_own_tertial(team, end_survey):
    """The answers are read once for every goal (of any tertial the goals name), and each goal
    counts its own tertial's."""
    _answers(end_survey, team, "indikator-1", [6], tertial=1)
    _answers(end_survey, team, "indikator-1", [6, 2], tertial=2)
    first = _survey_goal(team, end_survey, "indikator-1", 75, tertial=1)
    second = _survey_goal(team, end_survey, "indikator-1", 75, tertial=2)
    whole_year = _survey_goal(team, end_survey, "indikator-1", 75)
    results = attainments([first, second, whole_year])
    assert [results[goal.pk].denominator for goal in (first, second, whole_year)] == [1, 2, 3]


# The other two metrics


def test_share_in_work_or_studies_at_end(team):
    _ended(team, occupation_at_end=Occupation.WORK_PART_TIME)
    _ended(team, occupation_at_end=Occupation.STUDIES)
    _ended(team, occupation_at_end=Occupation.JOB_SEEKING)
    _ended(team)  # occupation at end not recorded
    goal = _goal(team, metric=Metric.WORK_OR_STUDIES, target_percent=Decimal(33))
    result = attainment(goal)
    assert (result.numerator, result.denominator, result.missing) == (2, 3, 1)
    assert result.status == MET


def test_share_self_supporting_a_year_after(tenant, team):
    staff = tenant.users[Role.STAFF]
    for support in (SelfSupport.WHOLLY, SelfSupport.PARTLY, SelfSupport.NOT, SelfSupport.UNKNOWN):
        goal_services.record_follow_up(
            staff,
            _ended(team),
            months_after=12,
            followed_up_on=date(2026, 6, 30),
            self_support=support,
        )
    goal = _goal(team, metric=Metric.SELF_SUPPORTING, target_percent=Decimal(30), months_after=12)
    result = attainment(goal)
    assert (result.numerator, result.denominator, result.missing) == (2, 3, 1)
    assert FollowUp.objects.unrestricted().count() == 4


def test_a_follow_up_needs_an_ended_enrolment(tenant, team):
    with pytest.raises(ValidationError):
        goal_services.record_follow_up(
            tenant.users[Role.STAFF],
            EnrolmentFactory(intervention=team),
            months_after=12,
            followed_up_on=date(2026, 1, 1),
            self_support=SelfSupport.WHOLLY,
        )


def test_a_follow_up_interval_is_never_negative(tenant, team):
    """The model's rule, checked by the service, so a page and the API both refuse it."""
    with pytest.raises(ValidationError) as refused:
        goal_services.record_follow_up(
            tenant.users[Role.STAFF],
            _ended(team),
            months_after=-6,
            followed_up_on=date(2026, 1, 1),
            self_support=SelfSupport.WHOLLY,
        )
    assert list(refused.value.message_dict) == ["months_after"]


def test_a_survey_goal_needs_a_question_the_questionnaire_has(tenant, team, end_survey):
    goal = Goal(
        forbund=tenant.forbund,
        intervention=team,
        name="Fel",
        year=2025,
        metric=Metric.SURVEY,
        target_percent=Decimal(75),
        questionnaire=end_survey,
        question_code="finns-inte",
        threshold=AGREES,
    )
    with pytest.raises(ValidationError):
        goal_services.save_goal(tenant.users[Role.ADMIN], goal)


@given(
    numerator=st.integers(0, 200),
    extra=st.integers(0, 200),
    target=st.decimals(0, 100, places=2),
    minimum=st.integers(1, 50),
)
def test_judging_agrees_with_the_share(numerator, extra, target, minimum):
    denominator = numerator + extra
    status = judge(numerator, denominator, target, minimum)
    if denominator < minimum:
        assert status == TOO_FEW
    else:
        assert (status == MET) == (Fraction(numerator, denominator) * 100 >= Fraction(target))


@given(numerator=st.integers(0, 100), extra=st.integers(0, 100), target=st.integers(0, 100))
def test_one_more_agreeing_answer_never_turns_met_into_not_met(numerator, extra, target):
    before = judge(numerator, numerator + extra, Decimal(target), 1)
    after = judge(numerator + 1, numerator + extra + 1, Decimal(target), 1)
    assert not (before == MET and after == NOT_MET)


@given(denominator=st.integers(1, 400), target=st.integers(0, 100))
def test_exactly_reaching_the_target_is_met(denominator, target):
    numerator_times_100 = target * denominator
    if numerator_times_100 % 100 == 0:
        assert judge(numerator_times_100 // 100, denominator, Decimal(target), 1) == MET


def test_the_closer_metric_counts_a_cohort_in_a_fixed_number_of_queries(
    tenant, team, skapa, django_assert_max_num_queries
):
    for _ in range(4):
        _skapa(tenant, _ended(team), skapa, [(date(2025, 1, 10), 2), (date(2025, 4, 10), 4)])
    goal = _goal(team, metric=Metric.CLOSER, target_percent=Decimal(50), instrument=skapa)
    with django_assert_max_num_queries(6):
        assert attainment(goal).numerator == 4


@pytest.mark.skipif(connection.vendor != "postgresql", reason="only PostgreSQL has INCLUDE")
def test_the_follow_ups_are_matched_to_the_ended_enrolments_from_an_index_alone(db):
    """The goals read the förbund's follow-ups (which enrolment, how many months after, and
    whether self-supporting) from one index, not from rows scattered over the country's."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'followup_forbund_enrolment'"
        )
        (definition,) = cursor.fetchone()
    assert definition.endswith("(forbund_id, enrolment_id) INCLUDE (months_after, self_support)"), (
        definition
    )

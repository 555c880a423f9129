"""Goal attainment for every intervention, from the cohort's ended enrolments."""

from datetime import date
from decimal import Decimal

from samordna.core.permissions import Role
from samordna.goals.models import Goal, Metric
from samordna.participants.choices import EndKind, Occupation
from samordna.reports.tests.cohort import build_cohort
from samordna.reports.tests.factories import EnrolmentFactory
from samordna.reports.tests.helpers import run


def _goal(tenant, intervention, **fields):
    return Goal.objects.create(
        forbund=tenant.forbund,
        intervention=intervention,
        name="Hälften i arbete eller studier",
        metric=Metric.WORK_OR_STUDIES,
        target_percent=Decimal("50"),
        year=2025,
        **fields,
    )


def test_each_goal_shows_who_reached_it_of_how_many_and_the_target(tenant):
    cohort = build_cohort(tenant)
    goal = _goal(tenant, cohort.team, minimum_n=2)
    table = run(tenant, "goals")["goals"]
    code = str(goal.pk)
    assert table.value(code, "reached") == 1  # the man who went to full-time work
    assert table.value(code, "counted") == 2  # he and the woman who interrupted
    assert table.value(code, "target") == Decimal("50")
    assert table.value(code, "percent") is None  # resting on fewer than five
    assert table.rows[0].label.startswith("Samverkansteam: Hälften")


def test_a_share_on_enough_participants_is_shown(tenant):
    cohort = build_cohort(tenant)
    goal = _goal(tenant, cohort.lokus, minimum_n=5)
    for occupation in [Occupation.STUDIES] * 5 + [Occupation.NONE] * 4:
        EnrolmentFactory(
            intervention=cohort.lokus,
            start=date(2025, 1, 10),
            end_date=date(2025, 6, 1),
            end_kind=EndKind.COMPLETED,
            occupation_at_end=occupation,
        )
    table = run(tenant, "goals")["goals"]
    # the cohort's own Aktivera participant went to studies too: 6 of 10
    assert table.value(str(goal.pk), "reached") == 6
    assert table.value(str(goal.pk), "percent") == Decimal("60")


def test_the_goal_page_hides_a_small_count(tenant):
    cohort = build_cohort(tenant)
    _goal(tenant, cohort.team, minimum_n=2)
    html = tenant.client(Role.BOARD).get("/rapporter/maluppfyllelse/?year=2025&part=year")
    assert "&lt;5" in html.content.decode()

"""Goal attainment for every intervention, from the cohort's ended enrolments."""

from datetime import date
from decimal import Decimal

from samordna.core.permissions import Role
from samordna.goals.models import Goal, Metric
from samordna.participants.choices import EndKind, Occupation
from samordna.reports.tests.cohort import build_cohort
from samordna.reports.tests.factories import EnrolmentFactory
from samordna.reports.tests.helpers import published, run


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
    assert table.rows[0].label.startswith("Samverkansteam: Hälften")
    shown = published(tenant, "goals")["goals"]
    assert shown.cell(code, "percent").text == ".."  # resting on fewer than five
    assert shown.cell(code, "reached").text == "<5"
    assert published(tenant, "goals", exact=True)["goals"].cell(code, "percent").text == "50\u00a0%"


def test_a_share_on_enough_participants_is_shown(tenant):
    cohort = build_cohort(tenant)
    goal = _goal(tenant, cohort.lokus, minimum_n=5)
    for occupation in [Occupation.STUDIES] * 5 + [Occupation.NONE] * 6:
        EnrolmentFactory(
            intervention=cohort.lokus,
            start=date(2025, 1, 10),
            end_date=date(2025, 6, 1),
            end_kind=EndKind.COMPLETED,
            occupation_at_end=occupation,
        )
    table = run(tenant, "goals")["goals"]
    # the cohort's own Aktivera participant went to studies too: 6 of 12
    assert table.value(str(goal.pk), "reached") == 6
    assert table.value(str(goal.pk), "counted") == 12
    exact = published(tenant, "goals", exact=True)["goals"]
    assert exact.cell(str(goal.pk), "percent").value == Decimal("50")
    shown = published(tenant, "goals")["goals"]
    reached, counted = (shown.cell(str(goal.pk), c).value for c in ("reached", "counted"))
    assert shown.cell(str(goal.pk), "percent").value == 100 * Decimal(reached) / counted


def test_reached_six_of_seven_shows_no_share(tenant):
    """The complement (one did not reach it) would give a person away."""
    cohort = build_cohort(tenant)
    goal = _goal(tenant, cohort.lokus, minimum_n=5)
    for occupation in [Occupation.STUDIES] * 5 + [Occupation.NONE]:
        EnrolmentFactory(
            intervention=cohort.lokus,
            start=date(2025, 1, 10),
            end_date=date(2025, 6, 1),
            end_kind=EndKind.COMPLETED,
            occupation_at_end=occupation,
        )
    table = run(tenant, "goals")["goals"]
    assert (table.value(str(goal.pk), "reached"), table.value(str(goal.pk), "counted")) == (6, 7)
    assert published(tenant, "goals")["goals"].cell(str(goal.pk), "percent").text == ".."


def test_the_goal_page_hides_a_small_count(tenant):
    cohort = build_cohort(tenant)
    _goal(tenant, cohort.team, minimum_n=2)
    html = tenant.client(Role.BOARD).get("/rapporter/maluppfyllelse/?year=2025&part=year")
    assert "&lt;5" in html.content.decode()

"""Referrals, participants and the before/after report, checked figure by figure against the
hand-computed cohort (tests/cohort.py)."""

from datetime import date

import pytest
from django.db import transaction
from django.utils.translation import gettext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samordna.core.permissions import Role
from samordna.interventions.models import TargetSubGroup
from samordna.interventions.tests.factories import TeamMemberFactory
from samordna.participants.choices import EndKind, IncomeSource, Occupation
from samordna.reports.tests.cohort import build_cohort
from samordna.reports.tests.factories import EnrolmentFactory, ParticipantFactory, intervention_in
from samordna.reports.tests.helpers import assert_adds_up, column, published, row, run


@pytest.fixture
def cohort(tenant):
    return build_cohort(tenant)


def test_referrals_are_counted_per_month_by_gender_and_initiating_party(tenant, cohort):
    tables = run(tenant, "referrals")
    by_gender = tables["referrals_gender"]
    assert row(by_gender, "1") == {"woman": 1, "man": 1}
    assert row(by_gender, "3") == {"woman": 2}
    assert by_gender.grand_total == 4  # the 2024 referral is outside the period
    assert row(tables["referrals_party"], "1") == {"fk": 1, "af": 1}
    assert row(tables["referrals_party"], "3") == {"kommun": 2}
    for table in tables.values():
        assert_adds_up(table)


def test_participants_started_enrolled_ended_and_ongoing_by_gender(tenant, cohort):
    status = run(tenant, "participants")["status"]
    assert row(status, "started") == {"woman": 2, "man": 1}
    assert row(status, "active") == {"woman": 3, "man": 1}
    assert row(status, "ended") == {"woman": 2, "man": 1}
    assert row(status, "ongoing") == {"woman": 1}
    assert status.row_totals == {"started": 3, "active": 4, "ended": 3, "ongoing": 1}


def test_erroneous_registrations_are_left_out_of_every_count(tenant, cohort):
    tables = run(tenant, "participants")
    assert tables["status"].row_totals["active"] == 4  # the mistaken one started in May
    assert "mistake" not in {r.code for r in tables["ended_kind"].rows}


def test_started_participants_by_age_municipality_and_initiating_party(tenant, cohort):
    tables = run(tenant, "participants")
    assert tables["started_age"].row_totals == {"25-29": 1, "40-49": 1, "30-39": 1}
    first, second = tenant.forbund.municipalities.order_by("code")[:2]
    assert tables["started_municipality"].row_totals == {first.code: 2, second.code: 1}
    assert column(tables["started_party"], "woman") == {"fk": 1, "": 1}
    assert tables["started_party"].rows[-1].label == gettext("Not stated")


def test_occupation_income_time_and_end_reason_at_end(tenant, cohort):
    tables = run(tenant, "participants")
    assert tables["ended_occupation"].row_totals == {
        "work_full_time": 1,
        "none": 1,
        "studies": 1,
    }
    assert tables["ended_income"].row_totals["sickness_benefit"] == 1
    assert tables["ended_income"].row_totals["salary"] == 1
    assert tables["started_income"].row_totals["sickness_benefit"] == 3
    assert tables["enrolment_time"].row_totals == {"182": 3}  # 119, 137 and 121 days
    assert column(tables["ended_reason"], "man") == {"work": 1}
    assert column(tables["ended_reason"], "woman") == {"own_wish": 1, "studies": 1}
    for table in tables.values():
        assert_adds_up(table)


def test_before_and_after_as_the_national_register_showed_it(tenant, cohort):
    tables = run(tenant, "outcomes")
    occupation = tables["occupation_before_after"]
    assert row(occupation, "work") == {"work": 1}
    assert row(occupation, "other") == {"other": 1}
    assert row(occupation, "job_seeking") == {"studies": 1}
    work = tables["work_or_studies"]
    assert work.row_totals == {"increased": 1, "started": 1, "none": 1}
    income = tables["income_before_after"]
    assert row(income, "sickness_benefit") == {
        "salary": 1,
        "sickness_benefit": 1,
        "social_assistance": 1,
        "student_finance": 1,
    }
    assert row(tables["income_start_end"], "sickness_benefit") == {"start": 3, "end": 1}
    for table in tables.values():
        assert_adds_up(table)


def test_an_unrecorded_situation_at_the_end_is_counted_as_not_stated(tenant, cohort):
    """Ended with its intervention, before anyone recorded where the person went: neither some
    other occupation nor out of work, and still in every total of the ended."""
    EnrolmentFactory(
        intervention=cohort.lokus,
        participant=ParticipantFactory(forbund=tenant.forbund),
        start=date(2025, 3, 1),
        occupation_at_start=Occupation.WORK_PART_TIME,
        end_date=date(2025, 10, 31),
        end_kind=EndKind.NO_LONGER_FITS,
        occupation_at_end="",
    )
    tables = run(tenant, "outcomes")
    occupation = tables["occupation_before_after"]
    assert row(occupation, "work") == {"work": 1, "not_recorded": 1}
    assert occupation.columns[-1].label == gettext("Not stated")
    work = tables["work_or_studies"]
    assert work.row_totals == {"increased": 1, "started": 1, "none": 1, "not_recorded": 1}
    assert tables["enrolment_time"].grand_total == work.grand_total == 4
    for table in tables.values():
        assert_adds_up(table)


def test_filters_narrow_to_an_intervention_and_a_municipality(tenant, cohort):
    status = run(tenant, "participants", intervention_ids=(cohort.lokus.pk,))["status"]
    assert status.row_totals == {"started": 1, "active": 1, "ended": 1, "ongoing": 0}
    first = tenant.forbund.municipalities.order_by("code").first()
    status = run(tenant, "participants", municipality=first)["status"]
    assert status.row_totals["active"] == 2


def test_staff_see_only_their_own_interventions(tenant, cohort):
    status = run(tenant, "participants", role=Role.STAFF)["status"]
    assert status.row_totals["active"] == 0
    staff = tenant.users[Role.STAFF].memberships.get(role=Role.STAFF)
    TeamMemberFactory(intervention=cohort.lokus, membership=staff)
    status = run(tenant, "participants", role=Role.STAFF)["status"]
    assert status.row_totals["active"] == 1


def test_another_forbunds_participants_never_count(tenant, other_tenant, cohort):
    build_cohort(other_tenant)
    status = run(tenant, "participants")["status"]
    assert status.row_totals["active"] == 4


@given(lists=st.lists(st.lists(st.sampled_from(IncomeSource.values), unique=True), max_size=6))
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_an_income_source_counts_those_whose_list_holds_it_exactly(tenant, lists):
    """Element by element, as the database reads the JSON list (containment on PostgreSQL,
    json_each on SQLite): "activity_support" is not "activity_compensation", and a list of two
    counts under each of its sources."""
    with transaction.atomic():
        team = intervention_in(tenant, name="Samverkansteam")
        for sources in lists:
            EnrolmentFactory(intervention=team, income_sources_at_start=sources)
        totals = run(tenant, "participants")["started_income"].row_totals
        for source in IncomeSource.values:
            assert totals[source] == sum(source in sources for sources in lists), source
        transaction.set_rollback(True)


def test_time_against_the_participation_limit_shows_who_ended_within_it(tenant, cohort):
    """Ended within the 24 weeks, ended past them, or in an intervention without a limit; the
    table passes through the protection pipeline like every other count of people."""
    weeks = intervention_in(tenant, name="ACTivera", max_enrolment_amount=24)
    limit = date(2025, 7, 17)  # 24 weeks from 2025-02-01, less a day
    for end, gender in [(date(2025, 6, 1), "woman"), (limit, "man"), (date(2025, 9, 1), "woman")]:
        EnrolmentFactory(
            intervention=weeks,
            participant=ParticipantFactory(forbund=tenant.forbund, gender=gender),
            limit_ends_on=limit,
            end_date=end,
            end_kind=EndKind.COMPLETED,
            overrun_reason="Förlängt efter flerpartsmöte." if end > limit else "",
        )
    table = run(tenant, "participants")["limit_compliance"]
    assert row(table, "within") == {"woman": 1, "man": 1}
    assert row(table, "past") == {"woman": 1}
    assert table.row_totals["none"] == 3  # the cohort's interventions have no limit
    assert_adds_up(table)
    shown = published(tenant, "participants")["limit_compliance"]
    assert shown.is_protected
    assert shown.cell("past", "woman").text.startswith("<")  # one person is never shown as 1


def test_waiting_time_from_referral_to_start_in_bands(tenant, cohort):
    """Person 1 was referred 2025-01-15 and started 2025-02-01 (17 days: 2–4 weeks); the two
    other starters of the year came without a registered referral."""
    table = run(tenant, "participants")["started_waiting"]
    assert table.row_totals == {"29": 1, "none": 2}
    assert_adds_up(table)


def test_budgeted_participants_stand_beside_those_enrolled(tenant, cohort):
    cohort.team.budgeted_participants = 40
    cohort.team.save()
    table = run(tenant, "participants")["budgeted_participants"]
    team = str(cohort.team.pk)
    assert table.value(team, "budgeted") == 40
    assert table.value(team, "enrolled") == 3
    assert table.value(str(cohort.lokus.pk), "budgeted") is None
    shown = published(tenant, "participants")["budgeted_participants"]
    assert shown.cell(team, "budgeted").text == "40"
    assert shown.cell(team, "enrolled").text.startswith("<")  # three people are never exact
    assert shown.cell(team, "reached").text == ".."


def test_the_priority_groups_share_of_those_started_is_protected(tenant, cohort):
    """Samverkansteam prioritises 16–29: of its two starters of known age in 2025, person 1
    (born 2000) is inside and person 2 (born 1980) outside; Aktivera names no priority group."""
    TargetSubGroup.objects.create(
        forbund=tenant.forbund,
        intervention=cohort.team,
        name="Unga",
        min_age=16,
        max_age=29,
        priority=True,
    )
    tables = run(tenant, "participants")
    assert tables["started_priority"].row_totals == {"priority": 1, "other": 1, "none": 1}
    assert_adds_up(tables["started_priority"])
    share = tables["priority_share"]
    assert (share.value("all", "priority"), share.value("all", "known")) == (1, 2)
    shown = published(tenant, "participants")["priority_share"]
    assert shown.cell("all", "share").text == ".."  # too few to show a share

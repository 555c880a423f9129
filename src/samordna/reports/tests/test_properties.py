"""Property: whatever the participants, every breakdown of every participant report adds up to
the total the database counted separately (before protection), and no published cell of those
reports is under the threshold unless hidden."""

from datetime import date, timedelta

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samordna.participants.choices import EndKind, Gender, InitiatingParty, Occupation
from samordna.reports.protection import Protection, publish
from samordna.reports.tables import Unit
from samordna.reports.tests.factories import (
    EnrolmentFactory,
    ParticipantFactory,
    ReferralFactory,
    intervention_in,
)
from samordna.reports.tests.helpers import assert_adds_up, run

people = st.lists(
    st.fixed_dictionaries(
        {
            "gender": st.sampled_from(Gender.values),
            "birth_year": st.one_of(st.none(), st.integers(1955, 2009)),
            "start": st.integers(-200, 360),
            "days": st.one_of(st.none(), st.integers(0, 500)),
            "before": st.sampled_from(Occupation.values),
            "after": st.sampled_from(Occupation.values),
            "kind": st.sampled_from(EndKind.values),
            "party": st.one_of(st.none(), st.sampled_from(InitiatingParty.values)),
            "sources": st.lists(st.sampled_from(["salary", "none", "other"]), max_size=2),
        }
    ),
    max_size=12,
)


def _enrol(intervention, person) -> None:
    forbund = intervention.forbund
    start = date(2025, 1, 1) + timedelta(days=person["start"])
    ended = person["days"] is not None
    referral = (
        ReferralFactory(intervention=intervention, initiating_party=person["party"])
        if person["party"]
        else None
    )
    EnrolmentFactory(
        intervention=intervention,
        participant=ParticipantFactory(
            forbund=forbund,
            gender=person["gender"],
            birth_year=person["birth_year"],
            municipality=None if person["birth_year"] is None else forbund.municipalities.first(),
            anonymous=person["birth_year"] is None,
        ),
        referral=referral,
        start=start,
        planned_end=start + timedelta(days=600),
        occupation_at_start=person["before"],
        income_sources_at_start=person["sources"],
        end_date=start + timedelta(days=person["days"]) if ended else None,
        end_kind=person["kind"] if ended else "",
        occupation_at_end=person["after"] if ended else "",
        income_sources_at_end=person["sources"] if ended else [],
    )


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(people)
def test_every_breakdown_adds_up_to_its_total(tenant, group):
    with transaction.atomic():
        intervention = intervention_in(tenant)
        for person in group:
            _enrol(intervention, person)
        for name in ("referrals", "participants", "outcomes", "interim"):
            for table in run(tenant, name).values():
                assert_adds_up(table)
                shown = publish(table, Protection(5))
                counts = [table.unit_of(c.code) is Unit.COUNT for c in table.columns] + [True]
                for row in shown.body:
                    for is_count, cell in zip(counts, row.cells, strict=False):
                        # Counts of people; a budgeted number or a share counts no one.
                        assert not is_count or cell.hidden or cell.value is None or cell.value >= 5
        transaction.set_rollback(True)

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samordna.core.periods import Period, PeriodKind

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
kinds = st.sampled_from(list(PeriodKind))


@given(days, kinds)
def test_the_period_containing_a_day_contains_it(day, kind):
    assert day in Period.containing(day, kind)


@given(days, kinds)
def test_consecutive_periods_meet_without_gap_or_overlap(day, kind):
    period = Period.containing(day, kind)
    assert period.next().start == period.end + timedelta(days=1)


@given(st.integers(2000, 2100), kinds)
def test_a_year_splits_into_periods_covering_every_day_once(year, kind):
    parts = Period(year, PeriodKind.YEAR).split(kind)
    assert parts[0].start == date(year, 1, 1)
    assert parts[-1].end == date(year, 12, 31)
    covered = sum((p.end - p.start).days + 1 for p in parts)
    assert covered == (date(year, 12, 31) - date(year, 1, 1)).days + 1


def test_tertials_are_january_april_may_august_september_december():
    tertials = Period(2023, PeriodKind.YEAR).split(PeriodKind.TERTIAL)
    assert [(t.start, t.end) for t in tertials] == [
        (date(2023, 1, 1), date(2023, 4, 30)),
        (date(2023, 5, 1), date(2023, 8, 31)),
        (date(2023, 9, 1), date(2023, 12, 31)),
    ]


def test_a_period_number_out_of_range_is_refused():
    with pytest.raises(ValueError):
        Period(2023, PeriodKind.TERTIAL, 4)


def test_a_smaller_period_cannot_be_split_into_larger_ones():
    with pytest.raises(ValueError):
        Period(2023, PeriodKind.MONTH, 5).split(PeriodKind.YEAR)

"""The perturbation tables: every cell key maps to a value of the count's band, every value of
the band is reachable from every count in it, and most keys keep the count."""

import pytest

from samordna.core.record_keys import RECORD_KEY_RANGE
from samordna.reports.perturbation import (
    KEYS_KEEPING_THE_COUNT,
    PerturbationTable,
    band,
    layout,
    published_count,
)


@pytest.mark.parametrize("table", PerturbationTable.values)
@pytest.mark.parametrize("threshold", range(3, 21))
def test_every_count_can_be_published_as_every_value_of_its_band(table, threshold):
    kept = KEYS_KEEPING_THE_COUNT[PerturbationTable(table)]
    for offset in range(threshold):
        adjustments = layout(kept, threshold, offset)
        assert sum(keys for _adjustment, keys in adjustments) == RECORD_KEY_RANGE
        assert all(keys >= 1 for _adjustment, keys in adjustments)
        assert sorted(offset + a for a, _keys in adjustments) == list(range(threshold))
        assert adjustments[0] == (0, kept)


@pytest.mark.parametrize("table", PerturbationTable.values)
def test_published_counts_stay_in_their_band_and_mostly_unchanged(table):
    for count in (5, 7, 9, 10, 14, 123, 4000):
        published = [published_count(count, key, 5, table) for key in range(RECORD_KEY_RANGE)]
        assert set(published) == set(band(count, 5))
        kept = published.count(count)
        assert kept == KEYS_KEEPING_THE_COUNT[PerturbationTable(table)]


def test_bands_start_at_the_threshold():
    assert band(5, 5) == range(5, 10)
    assert band(9, 5) == range(5, 10)
    assert band(10, 5) == range(10, 15)
    assert band(3, 3) == range(3, 6)


def test_nearer_values_are_published_more_often():
    adjustments = dict(layout(KEYS_KEEPING_THE_COUNT[PerturbationTable.SMALL], 5, 0))
    assert adjustments[1] > adjustments[2] > adjustments[4]

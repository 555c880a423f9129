"""The cell key method (ONS Census 2021, ABS TableBuilder): a published count is the true count
adjusted by a perturbation table looked up with the cell's key, so the same records always give
the same published figure and differencing two filtered tables learns nothing certain.

A true count under the threshold N, 0 included, is never published as a number ("<N", decided
in protection.py); zero stays zero in the table itself. A count of N or more is published as a value from
its *band*: N–2N-1, 2N–3N-1, and so on. Most cell keys publish the true count; the rest publish
another value of the band, nearer values more often. Every value of the band has at least one
key for every count in it, so a published value says only "this band": the difference of two
published figures is then uncertain by at least a band's width at both ends, and can never pin a
count under the threshold to one value (the proof is in docs/privacy.md; the property test in
tests/test_differencing.py attacks it).
"""

from __future__ import annotations

from functools import cache

from django.db import models
from django.utils.translation import gettext_lazy as _

from samordna.core.record_keys import RECORD_KEY_RANGE


class PerturbationTable(models.TextChoices):
    """The documented tables a förbund may choose; the value is how many keys of 256 publish
    the true count (the rest move it within its band)."""

    SMALL = "small", _("Small noise: 7 in 8 counts are published exactly (default)")
    MEDIUM = "medium", _("Medium noise: 3 in 4 counts are published exactly")
    LARGE = "large", _("Large noise: half of the counts are published exactly")


KEYS_KEEPING_THE_COUNT: dict[str, int] = {
    PerturbationTable.SMALL: 224,
    PerturbationTable.MEDIUM: 192,
    PerturbationTable.LARGE: 128,
}


def band(count: int, threshold: int) -> range:
    """The values a count of `threshold` or more may be published as."""
    start = threshold + (count - threshold) // threshold * threshold
    return range(start, start + threshold)


@cache
def layout(kept: int, threshold: int, offset: int) -> tuple[tuple[int, int], ...]:
    """(adjustment, number of keys) for a count at `offset` within its band, in key order.

    The first `kept` keys keep the count. The others go to the band's other values, in
    proportion to 1/distance (nearer values more often), each at least one key; ties between
    a value above and one below alternate so that the adjustment averages near zero.
    """
    others = sorted(
        (d - offset for d in range(threshold) if d != offset),
        key=lambda adjustment: (abs(adjustment), adjustment > 0 if offset % 2 else adjustment < 0),
    )
    spare = RECORD_KEY_RANGE - kept
    weights = [1 / abs(adjustment) for adjustment in others]
    keys = [max(1, int(spare * w / sum(weights))) for w in weights]
    keys[0] += spare - sum(keys)  # what rounding left over goes to the nearest value
    return ((0, kept), *zip(others, keys, strict=True))


def published_count(count: int, cell_key: int, threshold: int, table: str) -> int:
    """The published value of a true count of `threshold` or more with the given cell key."""
    values = band(count, threshold)
    adjustments = layout(
        KEYS_KEEPING_THE_COUNT[PerturbationTable(table)], threshold, count - values.start
    )
    position = cell_key % RECORD_KEY_RANGE
    for adjustment, keys in adjustments:
        if position < keys:
            return count + adjustment
        position -= keys
    raise AssertionError("the layout covers every key")  # pragma: no cover

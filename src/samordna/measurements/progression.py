"""Scoring: progression per item and overall between the first and the latest assessment.

Pure functions on plain values, so that the rule for "came closer to the labour market" can be
tested on its own (and with Hypothesis).
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

Item = TypeVar("Item", str, int)  # an item by its code (the pages) or its key (the generator)


def mean(values) -> Decimal | None:
    """The mean of the values as a Decimal, or None for no values."""
    values = list(values)
    if not values:
        return None
    return Decimal(sum(values)) / Decimal(len(values))


def improvement(first: Decimal | int, latest: Decimal | int, higher_is_better: bool) -> Decimal:
    """How much better `latest` is than `first`; negative when it got worse."""
    change = Decimal(latest) - Decimal(first)
    return change if higher_is_better else -change


def came_closer(
    first_scores: dict[Item, int],
    latest_scores: dict[Item, int],
    *,
    min_rise: Decimal,
    higher_is_better: bool,
) -> bool | None:
    """The förbund's rule: the mean improved by at least `min_rise` (None: nothing to compare).

    Only the items answered in both assessments are compared, so a new or skipped item does
    not move the mean.
    """
    common = sorted(set(first_scores) & set(latest_scores))
    if not common:
        return None
    before = sum(first_scores[code] for code in common)
    after = sum(latest_scores[code] for code in common)
    return rose_enough(
        before, after, len(common), min_rise=min_rise, higher_is_better=higher_is_better
    )


def rose_enough(
    before: int, after: int, items: int, *, min_rise: Decimal, higher_is_better: bool
) -> bool:
    """The rule on the sums of the `items` compared: the mean improved by at least `min_rise`.

    Compare sums, not rounded means: mean(after) - mean(before) >= rise, times n, is exact.
    """
    return improvement(before, after, higher_is_better) >= min_rise * items


@dataclass(frozen=True)
class ItemProgress:
    code: str
    area: str
    first: int | None
    latest: int | None
    change: Decimal | None  # improvement, direction-aware


def item_progress(
    areas: dict[str, str],
    first_scores: dict[str, int],
    latest_scores: dict[str, int],
    higher_is_better: bool,
) -> list[ItemProgress]:
    """One row per item (in the order of `areas`): first, latest and the improvement."""
    rows = []
    for code, area in areas.items():
        first, latest = first_scores.get(code), latest_scores.get(code)
        change = (
            improvement(first, latest, higher_is_better)
            if first is not None and latest is not None
            else None
        )
        rows.append(ItemProgress(code, area, first, latest, change))
    return rows

"""The one way Samordna shows amounts, shares and counts on pages and in files (docs/architecture.md).

Each filter shows a missing value (None or "") as "–" and groups thousands as the reader's
language does (Swedish: 12 345, with a non-breaking space, so a figure never breaks over a line).
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import cast

from django.utils import formats

MISSING = "–"
NBSP = "\N{NO-BREAK SPACE}"


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _grouped(value: Decimal, decimal_pos: int) -> str:
    return formats.number_format(value, decimal_pos, use_l10n=True, force_grouping=True)


def _shortest(value: Decimal, most_decimals: int) -> str:
    """The value with at most `most_decimals` decimals and no trailing zeros: 12,5 not 12,50."""
    rounded = value.quantize(Decimal(1).scaleb(-most_decimals), rounding=ROUND_HALF_UP)
    # A finite value (quantize refuses infinity), so the exponent is a number.
    decimals = max(0, -cast(int, rounded.normalize().as_tuple().exponent))
    return _grouped(rounded, decimals)


def fixed(value, decimals: int) -> str:
    """A figure with exactly `decimals` decimals (a mean of scores: 2,0 and 2,5 alike)."""
    figure = _decimal(value)
    if figure is None:
        return MISSING
    step = Decimal(1).scaleb(-decimals)
    return _grouped(figure.quantize(step, rounding=ROUND_HALF_UP), decimals)


def kronor(value) -> str:
    """An amount in whole kronor: 12 345 kr."""
    amount = _decimal(value)
    if amount is None:
        return MISSING
    return f"{_grouped(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP), 0)}{NBSP}kr"


def percent(value, most_decimals=1) -> str:
    """A value that is already in per cent (75 or Decimal("75.00")): 75 %, 12,5 %."""
    share = _decimal(value)
    if share is None:
        return MISSING
    return f"{_shortest(share, int(most_decimals))}{NBSP}%"


def count(value) -> str:
    """A whole number of things: 1 234."""
    number = _decimal(value)
    if number is None:
        return MISSING
    return _grouped(number.quantize(Decimal(1), rounding=ROUND_HALF_UP), 0)


def number(value, most_decimals=2) -> str:
    """Any other figure (a distribution key, a mean): 29 600, 2,75."""
    figure = _decimal(value)
    if figure is None:
        return MISSING
    return _shortest(figure, int(most_decimals))

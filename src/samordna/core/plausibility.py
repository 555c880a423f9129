"""Plausibility rules the domain models and services share: dates that cannot lie ahead, the
years a förbund can have, and the ages of working life.

Each rule raises a ValidationError naming its field, so the page shows it beside the field and
the API answers 422 with the same words (core/validation.py).
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

# Samordningsförbund exist since Lag (2003:1210) came into force on 1 January 2004.
FIRST_YEAR = 2004
# How far ahead a plan may reach: a budget, staffing or an intervention's period.
YEARS_AHEAD = 10
# The working ages the target groups of the field cover, when no intervention says otherwise.
WORKING_AGES = (16, 67)


def not_in_future(value: date | None, field: str, *, planning: bool = False) -> None:
    """Refuse a date after today: what it records has happened. A planning date (an enrolment's
    start) may lie SAMORDNA_PLANNING_MARGIN_DAYS ahead."""
    if value is None:
        return
    margin = settings.SAMORDNA_PLANNING_MARGIN_DAYS if planning else 0
    latest = timezone.localdate() + timedelta(days=margin)
    if value > latest:
        raise ValidationError(
            {
                field: _("The date %(date)s lies in the future; give %(latest)s or earlier.")
                % {"date": value.isoformat(), "latest": latest.isoformat()}
            }
        )


def year_range() -> tuple[int, int]:
    """The years any plan can hold: from the first förbund to a decade ahead."""
    return FIRST_YEAR, timezone.localdate().year + YEARS_AHEAD


def plausible_year(year: int | None, field: str, first: int = 0, last: int = 0) -> None:
    """Refuse a year outside `first`–`last` (by default: from 2004 to a decade ahead)."""
    low, high = year_range()
    first, last = first or low, last or high
    if year is not None and not first <= year <= last:
        raise ValidationError(
            {
                field: _("%(year)s is outside the period %(first)s–%(last)s.")
                % {"year": year, "first": first, "last": last}
            }
        )


def plausible_date(value: date | None, field: str) -> None:
    """A date whose year is one a förbund can have (no 0218, no 2150)."""
    plausible_year(value.year if value else None, field)


def age_within(birth_year: int | None, on: date, ages: tuple[int, int], field: str) -> None:
    """Refuse a birth year that makes the person younger or older than `ages` on `on`. Only
    the year may be known: the person is `on.year - birth_year` or one year less."""
    if birth_year is None:
        return
    low, high = ages
    age = on.year - birth_year
    if age < low or age - 1 > high:
        raise ValidationError(
            {
                field: _(
                    "Born %(year)s: aged %(age)s in %(when)s, outside the ages %(low)s–%(high)s "
                    "the target group covers."
                )
                % {"year": birth_year, "age": age, "when": on.year, "low": low, "high": high}
            }
        )

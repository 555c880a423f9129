"""Swedish organisationsnummer: ten digits, the last a Luhn check digit."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_FORMAT = re.compile(r"^(?:16)?(\d{6})-?(\d{4})$")


def luhn_check_digit(digits: str) -> int:
    """The digit that makes `digits` + it pass the Luhn test (weights 2, 1, 2, … from the left)."""
    total = 0
    for index, char in enumerate(digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return (10 - total % 10) % 10


def normalise_organisation_number(value: str) -> str:
    """Return the number as NNNNNN-NNNN, or raise ValidationError with a message for the user."""
    match = _FORMAT.match((value or "").strip().replace(" ", ""))
    if not match:
        raise ValidationError(
            _("Enter the organisation number as ten digits, e.g. 222000-1234."), code="format"
        )
    digits = match.group(1) + match.group(2)
    if int(digits[2:4]) < 20:
        raise ValidationError(
            _("This looks like a personal identity number, not an organisation number."),
            code="not_legal_entity",
        )
    if luhn_check_digit(digits[:9]) != int(digits[9]):
        raise ValidationError(
            _("The check digit of the organisation number is wrong."), code="check_digit"
        )
    return f"{digits[:6]}-{digits[6:]}"


def validate_organisation_number(value: str) -> None:
    normalise_organisation_number(value)

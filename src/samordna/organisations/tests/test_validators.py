import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from samordna.organisations.validators import luhn_check_digit, normalise_organisation_number


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("202100-5521", "202100-5521"),  # Försäkringskassan
        ("2021005521", "202100-5521"),
        ("16202100-5521", "202100-5521"),
        (" 222000-1503 ", "222000-1503"),
    ],
)
def test_valid_numbers_are_stored_in_one_form(typed, stored):
    assert normalise_organisation_number(typed) == stored


@pytest.mark.parametrize(
    "typed, code",
    [
        ("202100-5522", "check_digit"),
        ("20210055", "format"),
        ("abcdef-ghij", "format"),
        ("", "format"),
        ("811218-9876", "not_legal_entity"),  # a personnummer shape
    ],
)
def test_invalid_numbers_are_refused_with_a_reason(typed, code):
    with pytest.raises(ValidationError) as error:
        normalise_organisation_number(typed)
    assert error.value.code == code


@given(st.from_regex(r"\A[0-9]{2}[2-9][0-9]{6}\Z"), st.integers(1, 9))
def test_changing_the_check_digit_always_makes_the_number_invalid(nine, shift):
    right = luhn_check_digit(nine)
    assert normalise_organisation_number(f"{nine}{right}")
    with pytest.raises(ValidationError):
        normalise_organisation_number(f"{nine}{(right + shift) % 10}")

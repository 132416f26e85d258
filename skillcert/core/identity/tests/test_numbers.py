"""GB 11643 validation: what is accepted, and the message for each thing that is wrong."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillcert.core.errors import DomainError
from skillcert.core.identity import (
    InvalidIdNumber,
    Sex,
    birth_date_of,
    normalize_id_number,
    sex_of,
)
from skillcert.core.identity.numbers import IdNumberError, check_digit, normalize

TODAY = date(2026, 3, 2)


@pytest.mark.parametrize("number", ["360426199101010071", "11010519491231002X"])
def test_valid_numbers_are_returned_unchanged(number):
    assert normalize_id_number(number, today=TODAY) == number


def test_lowercase_x_is_upper_cased():
    assert normalize_id_number("11010519491231002x", today=TODAY) == "11010519491231002X"


def test_spaces_and_hyphens_are_removed():
    assert normalize_id_number(" 110105 19491231-002X ", today=TODAY) == "11010519491231002X"


def test_full_width_digits_and_x_are_folded():
    assert normalize_id_number("１１０１０５１９４９１２３１００２Ｘ", today=TODAY) == (
        "11010519491231002X"
    )
    assert normalize_id_number("１１０１０５１９４９１２３１００２ｘ", today=TODAY) == (
        "11010519491231002X"
    )


def _refusal(raw: str, today: date = TODAY) -> InvalidIdNumber:
    with pytest.raises(InvalidIdNumber) as info:
        normalize_id_number(raw, today=today)
    assert isinstance(info.value, DomainError)
    assert info.value.code == "invalid_id_number"
    return info.value


def test_fifteen_digits_are_refused_with_the_length():
    error = _refusal("110105491231002")
    assert error.message == "身份证号码应为18位，您输入了15位。"
    assert error.reason == "length"


def test_letters_are_refused_naming_them():
    error = _refusal("1101051949A231002X")
    assert error.reason == "characters"
    assert "A" in error.message


def test_x_anywhere_but_last_is_refused():
    assert _refusal("11010519491231X021").reason == "characters"


def test_thirtieth_of_february_is_refused():
    first17 = "45010219900230123"
    error = _refusal(first17 + check_digit(first17))
    assert error.reason == "birth_date"
    assert "1990年2月30日" in error.message
    assert "不是真实的日期" in error.message


def test_birth_date_in_the_future_is_refused():
    first17 = "45010220260303123"
    error = _refusal(first17 + check_digit(first17), today=TODAY)
    assert error.reason == "birth_date_future"
    assert "晚于今天" in error.message


def test_birth_before_1900_is_refused():
    first17 = "45010218991231123"
    assert _refusal(first17 + check_digit(first17)).reason == "birth_date"


def test_wrong_check_digit_is_refused_without_revealing_the_right_one():
    error = _refusal("360426199101010072")
    assert error.reason == "check_digit"
    assert error.message == "身份证号码校验位不正确，请核对号码。"


def test_empty_input_is_refused():
    assert _refusal("  ").reason == "empty"


def test_check_digit_matches_the_domain_worked_example():
    # DOMAIN.md §10.1: 45010219900307123? has check digit 8.
    assert check_digit("45010219900307123") == "8"


def test_birth_date_and_sex():
    assert birth_date_of("11010519491231002X") == date(1949, 12, 31)
    assert sex_of("11010519491231002X") is Sex.FEMALE  # 17th digit 2
    assert sex_of("360426199101010071") is Sex.MALE  # 17th digit 7
    assert Sex.MALE.label == "男"


@st.composite
def valid_numbers(draw):
    area = draw(st.integers(min_value=110000, max_value=829999))
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
    sequence = draw(st.integers(min_value=0, max_value=999))
    first17 = f"{area:06d}{born:%Y%m%d}{sequence:03d}"
    return first17 + check_digit(first17)


@given(valid_numbers())
def test_generated_valid_numbers_are_accepted(number):
    assert normalize_id_number(number, today=TODAY) == number
    assert normalize_id_number(number.lower(), today=TODAY) == number


@given(valid_numbers(), st.integers(min_value=0, max_value=17), st.integers(1, 9))
def test_changing_one_digit_is_always_caught(number, position, shift):
    # MOD 11-2 detects every single-character substitution; the date check may catch it first.
    if number[position] == "X":
        mutated_char = str(shift)
    else:
        mutated_char = str((int(number[position]) + shift) % 10)
    mutated = number[:position] + mutated_char + number[position + 1 :]
    with pytest.raises(IdNumberError):
        normalize(mutated, today=TODAY)


@given(valid_numbers(), st.integers(min_value=0, max_value=16))
def test_swapping_adjacent_digits_is_caught_when_they_differ(number, position):
    a, b = number[position], number[position + 1]
    if a == b or "X" in (a, b):
        return
    swapped = number[:position] + b + a + number[position + 2 :]
    with pytest.raises(IdNumberError):
        normalize(swapped, today=TODAY)


def test_today_defaults_to_the_real_date():
    tomorrow = date.today() + timedelta(days=1)
    first17 = f"450102{tomorrow:%Y%m%d}123"
    with pytest.raises(InvalidIdNumber):
        normalize_id_number(first17 + check_digit(first17))

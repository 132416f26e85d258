"""Working days on the seeded calendar: national holidays, 调休, and Guangxi's 壮族三月三."""

from __future__ import annotations

from datetime import date

import pytest

from skillcert.core.calendar import (
    CalendarUnavailable,
    is_working_day,
    working_days_after,
    working_days_before,
    working_days_between,
)
from skillcert.core.rules.models import RuleSet

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (15, date(2025, 9, 18)),
        (10, date(2025, 9, 25)),
        (8, date(2025, 9, 28)),  # a Sunday, worked in exchange for 国庆
        (5, date(2025, 10, 9)),
        (1, date(2025, 10, 14)),
    ],
)
def test_domain_worked_example_deadlines_before_exam_day(n, expected):
    assert working_days_before(date(2025, 10, 15), n, regional=False) == expected


def test_scores_due_five_working_days_after_2025_10_15():
    assert working_days_after(date(2025, 10, 15), 5, regional=False) == date(2025, 10, 22)


def test_2025_make_up_sunday_and_national_day_week():
    assert is_working_day(date(2025, 9, 28), regional=False)  # Sunday 调休上班
    assert is_working_day(date(2025, 10, 11), regional=False)  # Saturday 调休上班
    for day in range(1, 9):
        assert not is_working_day(date(2025, 10, day), regional=False)
    assert is_working_day(date(2025, 10, 9), regional=False)


def test_2026_national_day_and_its_make_up_days():
    assert is_working_day(date(2026, 9, 30), regional=False)
    assert not is_working_day(date(2026, 10, 1), regional=False)
    assert not is_working_day(date(2026, 10, 7), regional=False)
    assert is_working_day(date(2026, 10, 8), regional=False)
    assert is_working_day(date(2026, 10, 10), regional=False)  # Saturday 调休上班
    assert is_working_day(date(2026, 9, 20), regional=False)  # Sunday 调休上班
    # Four working days (9-30, 10-8, 10-9, 10-10) separate 9-29 from 10-10.
    assert working_days_between(date(2026, 9, 29), date(2026, 10, 10), regional=False) == 4
    assert working_days_after(date(2026, 9, 30), 1, regional=False) == date(2026, 10, 8)
    assert working_days_before(date(2026, 10, 8), 1, regional=False) == date(2026, 9, 30)


def test_2026_spring_festival():
    assert is_working_day(date(2026, 2, 14), regional=False)  # Saturday 调休上班
    for day in (16, 17, 18, 19, 20, 23):
        assert not is_working_day(date(2026, 2, day), regional=False)
    assert is_working_day(date(2026, 2, 24), regional=False)
    assert is_working_day(date(2026, 2, 28), regional=False)  # Saturday 调休上班
    assert working_days_after(date(2026, 2, 13), 1, regional=False) == date(2026, 2, 14)
    assert working_days_after(date(2026, 2, 14), 1, regional=False) == date(2026, 2, 24)


def test_sanyuesan_2026_is_off_only_when_regional_days_count():
    for d in (date(2026, 4, 17), date(2026, 4, 20)):
        assert is_working_day(d, regional=False)
        assert not is_working_day(d, regional=True)
    assert working_days_after(date(2026, 4, 16), 1, regional=True) == date(2026, 4, 21)
    assert working_days_after(date(2026, 4, 16), 1, regional=False) == date(2026, 4, 17)
    assert working_days_between(date(2026, 4, 16), date(2026, 4, 21), regional=False) == 3
    assert working_days_between(date(2026, 4, 16), date(2026, 4, 21), regional=True) == 1


def test_guangxi_overrides_a_national_make_up_day():
    # 2023-04-23 was a national 调休上班 Sunday; in Guangxi it was 三月三 rest.
    assert is_working_day(date(2023, 4, 23), regional=False)
    assert not is_working_day(date(2023, 4, 23), regional=True)


def test_regional_none_follows_the_rule_set_in_force(today_2026_06_01):
    # Version 1 counts Guangxi's days.
    assert not is_working_day(date(2026, 4, 17))
    RuleSet.objects.filter(version=1).update(counts_regional_holidays=False)
    assert is_working_day(date(2026, 4, 17))


def test_2027_is_unavailable_and_says_what_to_do():
    with pytest.raises(CalendarUnavailable) as caught:
        working_days_before(date(2027, 1, 20), 5, regional=False)
    error = caught.value
    assert error.code == "calendar_unavailable"
    assert error.year == 2027
    assert "2027年" in error.message
    assert "国务院办公厅" in error.message
    assert "CSV" in error.message


def test_a_deadline_reaching_into_2027_is_unavailable_too():
    with pytest.raises(CalendarUnavailable):
        working_days_after(date(2026, 12, 28), 10, regional=False)


def test_regional_year_without_guangxi_notice_is_unavailable():
    # 2024 has national data but no 三月三 notice on file.
    assert is_working_day(date(2024, 4, 11), regional=False)
    with pytest.raises(CalendarUnavailable) as caught:
        is_working_day(date(2024, 4, 11), regional=True)
    assert caught.value.region == "guangxi"
    assert "自治区人民政府办公厅" in caught.value.message
    assert "三月三" in caught.value.message

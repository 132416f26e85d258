"""Properties of the pure working-day arithmetic over arbitrary calendars (no database)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillcert.core.calendar.workdays import WorkCalendar, YearCalendar

FIRST_YEAR, LAST_YEAR = 2020, 2030


class MissingYear(Exception):
    pass


def calendar_from(exceptions: dict[date, bool]) -> WorkCalendar:
    def load(year: int) -> YearCalendar:
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise MissingYear(year)
        return YearCalendar.build(year, {d: w for d, w in exceptions.items() if d.year == year})

    return WorkCalendar(load)


def naive_is_working(exceptions: dict[date, bool], d: date) -> bool:
    return exceptions.get(d, d.weekday() < 5)


days = st.dates(min_value=date(2022, 1, 1), max_value=date(2028, 12, 31))
exception_maps = st.dictionaries(days, st.booleans(), max_size=120)
counts = st.integers(min_value=0, max_value=40)


@settings(max_examples=150, deadline=None)
@given(exceptions=exception_maps, d=days, n=counts)
def test_after_of_before_returns_to_d_or_the_next_working_day(exceptions, d, n):
    cal = calendar_from(exceptions)
    back = cal.working_days_before(d, n)
    forth = cal.working_days_after(back, n)
    if n == 0 or cal.is_working_day(d):
        assert forth == d
    else:
        assert forth == cal.working_days_after(d, 1)


@settings(max_examples=150, deadline=None)
@given(exceptions=exception_maps, d=days, n=counts)
def test_between_counts_what_after_stepped(exceptions, d, n):
    cal = calendar_from(exceptions)
    assert cal.working_days_between(d, cal.working_days_after(d, n)) == n
    assert cal.working_days_between(cal.working_days_after(d, n), d) == -n


@settings(max_examples=150, deadline=None)
@given(exceptions=exception_maps, d=days, n=st.integers(min_value=1, max_value=40))
def test_before_lands_on_a_working_day_with_n_minus_one_between_it_and_d(exceptions, d, n):
    cal = calendar_from(exceptions)
    back = cal.working_days_before(d, n)
    assert back < d
    assert cal.is_working_day(back)
    assert cal.working_days_between(back, d - timedelta(days=1)) == n - 1


@settings(max_examples=100, deadline=None)
@given(exceptions=exception_maps, a=days, b=days)
def test_between_matches_a_day_by_day_count(exceptions, a, b):
    cal = calendar_from(exceptions)
    lo, hi = min(a, b), max(a, b)
    expected = sum(
        naive_is_working(exceptions, lo + timedelta(days=i)) for i in range(1, (hi - lo).days + 1)
    )
    assert cal.working_days_between(lo, hi) == expected
    assert cal.working_days_between(hi, lo) == -expected


@settings(max_examples=100, deadline=None)
@given(exceptions=exception_maps, d=days)
def test_is_working_day_follows_exceptions_then_weekdays(exceptions, d):
    assert calendar_from(exceptions).is_working_day(d) == naive_is_working(exceptions, d)


def test_a_missing_year_is_never_guessed():
    cal = calendar_from({})
    with pytest.raises(MissingYear):
        cal.working_days_after(date(2030, 12, 20), 20)
    with pytest.raises(MissingYear):
        cal.working_days_before(date(2020, 1, 10), 10)
    with pytest.raises(MissingYear):
        cal.is_working_day(date(2031, 1, 5))


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        calendar_from({}).working_days_after(date(2025, 1, 6), -1)

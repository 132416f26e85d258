"""Working-day arithmetic over a year-by-year calendar. Pure: no Django, so hypothesis can drive it.

A year is given as its exceptions (date -> is working day); every other day follows the
Monday-to-Friday rule. The caller supplies ``load_year``, which either returns the year or raises
(the Django side raises ``CalendarUnavailable``); this module never guesses a missing year.

Conventions (ARCHITECTURE.md, "Working-day calendar"):

* ``working_days_before(d, n)``: the n-th working day counting back from the day before d.
  "认定前N个工作日内完成" ends on this date.
* ``working_days_after(d, n)``: the n-th working day after d ("N个工作日内").
* ``working_days_between(a, b)``: the number of working days in (a, b]; negative when b < a.
* n = 0 returns d itself in both directions, so the three functions stay consistent.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class YearCalendar:
    year: int
    # Ordinals (date.toordinal) of the year's working days, ascending: lets every question be a
    # bisection instead of a walk day by day.
    working: tuple[int, ...]

    @classmethod
    def build(cls, year: int, exceptions: Mapping[date, bool]) -> YearCalendar:
        first = date(year, 1, 1).toordinal()
        last = date(year, 12, 31).toordinal()
        working = []
        for ordinal in range(first, last + 1):
            day = date.fromordinal(ordinal)
            if exceptions.get(day, day.weekday() < 5):
                working.append(ordinal)
        return cls(year=year, working=tuple(working))

    def is_working_day(self, d: date) -> bool:
        i = bisect_left(self.working, d.toordinal())
        return i < len(self.working) and self.working[i] == d.toordinal()


class WorkCalendar:
    """Answers working-day questions, loading each year it needs once through ``load_year``."""

    def __init__(self, load_year: Callable[[int], YearCalendar]) -> None:
        self._load_year = load_year
        self._years: dict[int, YearCalendar] = {}

    def year(self, year: int) -> YearCalendar:
        found = self._years.get(year)
        if found is None:
            found = self._years[year] = self._load_year(year)
        return found

    def is_working_day(self, d: date) -> bool:
        return self.year(d.year).is_working_day(d)

    def working_days_after(self, d: date, n: int) -> date:
        _check_count(n)
        if n == 0:
            return d
        year = d.year
        index = bisect_right(self.year(year).working, d.toordinal())
        remaining = n
        while True:
            working = self.year(year).working
            available = len(working) - index
            if remaining <= available:
                return date.fromordinal(working[index + remaining - 1])
            remaining -= available
            year += 1
            index = 0

    def working_days_before(self, d: date, n: int) -> date:
        _check_count(n)
        if n == 0:
            return d
        year = d.year
        index = bisect_left(self.year(year).working, d.toordinal())  # working days before d
        remaining = n
        while True:
            working = self.year(year).working
            if remaining <= index:
                return date.fromordinal(working[index - remaining])
            remaining -= index
            year -= 1
            index = len(self.year(year).working)

    def working_days_between(self, a: date, b: date) -> int:
        if b < a:
            return -self.working_days_between(b, a)
        if a == b:
            return 0
        a_ord, b_ord = a.toordinal(), b.toordinal()
        total = 0
        for year in range((a + timedelta(days=1)).year, b.year + 1):
            working = self.year(year).working
            total += bisect_right(working, b_ord) - bisect_right(working, a_ord)
        return total


def _check_count(n: int) -> None:
    if n < 0:
        raise ValueError(f"working-day count must not be negative, got {n}")

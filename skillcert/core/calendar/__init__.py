"""The working-day calendar (工作日): national holidays and 调休 plus Guangxi's 壮族三月三.

Imported while Django starts, so nothing here imports models at module level; the public names
are resolved lazily:

    from skillcert.core.calendar import (
        is_working_day, working_days_before, working_days_after, working_days_between,
        CalendarUnavailable, work_calendar, calendar_scope,
    )
"""

from __future__ import annotations

from typing import Any

_SELECTORS = (
    "is_working_day",
    "working_days_before",
    "working_days_after",
    "working_days_between",
    "work_calendar",
    "calendar_scope",
)
__all__ = [*_SELECTORS, "CalendarUnavailable"]


def __getattr__(name: str) -> Any:
    if name in _SELECTORS:
        from skillcert.core.calendar import selectors

        return getattr(selectors, name)
    if name == "CalendarUnavailable":
        from skillcert.core.calendar.errors import CalendarUnavailable

        return CalendarUnavailable
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

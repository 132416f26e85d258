"""Working-day look-ups for other systems and for pages that compute dates in the browser."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema

from skillcert.core.calendar import is_working_day, working_days_after, working_days_before

router = Router(tags=["工作日历"])


class DayOut(Schema):
    date: date
    is_working_day: bool


class ShiftOut(Schema):
    date: date
    working_days: int
    result: date


@router.get("/days/{day}", response=DayOut, summary="某日是否为工作日")
def day(request: HttpRequest, day: date) -> DayOut:
    return DayOut(date=day, is_working_day=is_working_day(day))


@router.get("/shift", response=ShiftOut, summary="某日前后第 N 个工作日")
def shift(request: HttpRequest, day: date, working_days: int) -> ShiftOut:
    """Negative ``working_days`` counts back from the day before ``day`` (提前N个工作日)."""
    if working_days < 0:
        result = working_days_before(day, -working_days)
    else:
        result = working_days_after(day, working_days)
    return ShiftOut(date=day, working_days=working_days, result=result)

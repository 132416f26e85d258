"""The period of a publicity, in working days of the rule set's calendar."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Protocol

from skillcert.core.calendar import CalendarUnavailable, work_calendar
from skillcert.core.publicity.errors import PublicityError


class RuleSetLike(Protocol):
    counts_regional_holidays: bool

    def param(self, key: str) -> object: ...


def publicity_period(
    *, rule_set: RuleSetLike, parameter: str, starts_on: date
) -> tuple[date, date]:
    """The period holding ``rule_set.param(parameter)`` working days from ``starts_on`` (the start
    day counts when it is a working day), e.g. ``candidate_publicity_min_wd`` for 细则第五条 and
    ``result_publicity_min_wd`` for 细则第十六条. A year without calendar data is refused by
    name, never guessed."""
    n = rule_set.param(parameter)
    calendar = work_calendar(regional=rule_set.counts_regional_holidays)
    try:
        ends_on = calendar.working_days_after(starts_on - timedelta(days=1), n)
    except CalendarUnavailable as exc:
        raise PublicityError(
            f"无法计算公示期：{exc.message} 公示期按工作日计算（{n}个工作日），"
            "请待该年度工作日历录入后再发布，或改定开始日期。",
            code="calendar_unavailable",
        ) from exc
    return starts_on, ends_on


def working_days_in(*, rule_set: RuleSetLike, starts_on: date, ends_on: date) -> int:
    """How many working days ``starts_on``..``ends_on`` holds, both days included; raises
    ``CalendarUnavailable`` for a year without data."""
    calendar = work_calendar(regional=rule_set.counts_regional_holidays)
    return calendar.working_days_between(starts_on - timedelta(days=1), ends_on)

"""Reads of the calendar, and the public working-day functions with their per-process cache.

Each (year, regional) is loaded from the table once and then answered by pure arithmetic
(``workdays``). The cache is keyed on a stamp of ``CalendarYear`` (row count and latest
``changed_at``), which every writing service touches: one small aggregate query per call tells a
process, or a test after its rollback, that its copy is stale. Code that asks many questions in a
row (a batch's whole deadline table) takes one ``work_calendar()`` and asks it directly.

Within a ``calendar_scope()`` (every request runs in one, see ``CalendarScopeMiddleware``) the
stamp is read once: a list page that asks the calendar for each of its rows costs one stamp query,
not one per row. A write through the calendar's services forgets the scope's stamp, so the same
request reads the table afresh after changing it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

from django.db.models import Count, Max, Q, QuerySet

from skillcert.core.calendar.errors import CalendarUnavailable
from skillcert.core.calendar.models import CalendarDay, CalendarYear, Region
from skillcert.core.calendar.workdays import WorkCalendar, YearCalendar
from skillcert.core.errors import NotFound

_lock = threading.Lock()
_cache: dict[str, object] = {"stamp": None, "years": {}}
# The stamp read in the current scope (a request, or one call over a list), if any.
_scoped: ContextVar[dict[str, tuple[int, object]] | None] = ContextVar(
    "calendar_scope", default=None
)


@contextmanager
def calendar_scope() -> Iterator[None]:
    """Read the table's stamp at most once inside the block. A scope inside another one shares
    the outer scope's stamp."""
    if _scoped.get() is not None:
        yield
        return
    token = _scoped.set({})
    try:
        yield
    finally:
        _scoped.reset(token)


def _stamp() -> tuple[int, object]:
    scoped = _scoped.get()
    if scoped is not None and "stamp" in scoped:
        return scoped["stamp"]
    row = CalendarYear.objects.aggregate(n=Count("id"), last=Max("changed_at"))
    stamp = (row["n"], row["last"])
    if scoped is not None:
        scoped["stamp"] = stamp
    return stamp


def clear_cache() -> None:
    with _lock:
        _cache["stamp"] = None
        _cache["years"] = {}
    scoped = _scoped.get()
    if scoped is not None:
        scoped.clear()


def _unavailable(year: int, region: str, entry: CalendarYear | None) -> CalendarUnavailable:
    if region == Region.NATIONAL:
        what = f"国务院办公厅关于{year}年部分节假日安排的通知"
    else:
        what = f"自治区人民政府办公厅关于{year}年“壮族三月三”放假的通知"
    state = "已开始录入但尚未标记为录入完成" if entry else "尚未录入"
    return CalendarUnavailable(
        f"{year}年的工作日历（{Region(region).label}）{state}，无法计算工作日：缺少{what}。"
        f"请自治区鉴定中心监管员在“工作日历”页面录入该通知的放假和调休上班日期并标记录入完成，"
        f"或导入{year}年的CSV文件后再试。",
        year=year,
        region=region,
    )


def _load_year(year: int, regional: bool) -> YearCalendar:
    regions = [Region.NATIONAL, Region.GUANGXI] if regional else [Region.NATIONAL]
    entries = {e.region: e for e in CalendarYear.objects.filter(year=year, region__in=regions)}
    for region in regions:
        entry = entries.get(region)
        if entry is None or not entry.complete:
            raise _unavailable(year, region, entry)
    exceptions: dict[date, bool] = {}
    # Regional rows override national ones for the same date (e.g. 2023-04-23: a national
    # make-up working Sunday that Guangxi gave as 三月三 rest).
    for region in regions:
        for d, working in CalendarDay.objects.filter(region=region, date__year=year).values_list(
            "date", "is_working_day"
        ):
            exceptions[d] = working
    return YearCalendar.build(year, exceptions)


def _cached_year(year: int, regional: bool, stamp: tuple[int, object]) -> YearCalendar:
    key = (year, regional)
    with _lock:
        if _cache["stamp"] == stamp:
            found = _cache["years"].get(key)  # type: ignore[attr-defined]
            if found is not None:
                return found
        else:
            _cache["stamp"] = stamp
            _cache["years"] = {}
    loaded = _load_year(year, regional)
    with _lock:
        if _cache["stamp"] == stamp:
            _cache["years"][key] = loaded  # type: ignore[index]
    return loaded


def regional_default(regional: bool | None) -> bool:
    """``None`` follows the rule set in force today; True/False override it."""
    if regional is not None:
        return regional
    from skillcert.core.rules.selectors import current_rule_set

    return current_rule_set().counts_regional_holidays


def work_calendar(*, regional: bool | None = None) -> WorkCalendar:
    """A calendar bound to the table as it is now; ask it many questions without more queries."""
    flag = regional_default(regional)
    stamp = _stamp()
    return WorkCalendar(lambda year: _cached_year(year, flag, stamp))


def is_working_day(d: date, *, regional: bool | None = None) -> bool:
    return work_calendar(regional=regional).is_working_day(d)


def working_days_before(d: date, n: int, *, regional: bool | None = None) -> date:
    """The n-th working day counting back from the day before d."""
    return work_calendar(regional=regional).working_days_before(d, n)


def working_days_after(d: date, n: int, *, regional: bool | None = None) -> date:
    """The n-th working day after d."""
    return work_calendar(regional=regional).working_days_after(d, n)


def working_days_between(a: date, b: date, *, regional: bool | None = None) -> int:
    """Working days in (a, b]; negative when b is before a."""
    return work_calendar(regional=regional).working_days_between(a, b)


# Pages for the operator.


def year_overview() -> list[dict[str, object]]:
    """Every year on file with its coverage per region and the count of rest and working rows."""
    counts = {
        (row["date__year"], row["region"]): row
        for row in CalendarDay.objects.values("date__year", "region").annotate(
            rest=Count("id", filter=Q(is_working_day=False)),
            work=Count("id", filter=Q(is_working_day=True)),
            provisional=Count("id", filter=Q(provisional=True)),
        )
    }
    entries = {(e.year, e.region): e for e in CalendarYear.objects.select_related("entered_by")}
    years = sorted({y for y, _ in counts} | {y for y, _ in entries}, reverse=True)
    result = []
    for year in years:
        regions = []
        for region in Region:
            row = counts.get((year, region.value), {})
            regions.append(
                {
                    "region": region,
                    "entry": entries.get((year, region.value)),
                    "rest": row.get("rest", 0),
                    "work": row.get("work", 0),
                    "provisional": row.get("provisional", 0),
                }
            )
        result.append({"year": year, "regions": regions})
    return result


def calendar_day(pk: int) -> CalendarDay:
    """One exception day of the table, or NotFound (404)."""
    day = CalendarDay.objects.filter(pk=pk).first()
    if day is None:
        raise NotFound("未找到该日历例外日。")
    return day


def days_in_year(year: int) -> QuerySet[CalendarDay]:
    return CalendarDay.objects.filter(date__year=year).order_by("date", "region")


def year_entries(year: int) -> dict[str, CalendarYear | None]:
    found = {
        e.region: e for e in CalendarYear.objects.filter(year=year).select_related("entered_by")
    }
    return {region.value: found.get(region.value) for region in Region}


def missing_years(*, today: date, regional: bool | None = None) -> list[tuple[int, str]]:
    """(year, region) pairs of this year and the next that are not on file yet.

    Batches are planned months ahead, so next year's State Council notice is wanted as soon as it
    is published (usually in the autumn); this is what the operator's home page reminds them of.
    """
    regions = [Region.NATIONAL, Region.GUANGXI] if regional_default(regional) else [Region.NATIONAL]
    years = [today.year, today.year + 1]
    complete = set(
        CalendarYear.objects.filter(year__in=years, region__in=regions, complete=True).values_list(
            "year", "region"
        )
    )
    return [(y, r.value) for y in years for r in regions if (y, r.value) not in complete]

"""The calendar's navigation entry and its reminders on home pages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils import timezone

from skillcert.core.accounts.models import Role
from skillcert.core.accounts.roles import BATCH_TEAM
from skillcert.core.calendar.models import Region
from skillcert.core.calendar.selectors import missing_years
from skillcert.core.ui.navigation import NavItem, register_nav_item
from skillcert.core.ui.todo import TodoItem, register_todo_provider

register_nav_item(
    NavItem("工作日历", "calendar:index", roles=frozenset({Role.PROVINCIAL_SUPERVISOR}), order=85)
)


def _notice(year: int, region: str) -> str:
    if region == Region.NATIONAL:
        return f"国务院办公厅{year}年部分节假日安排"
    return f"自治区{year}年“壮族三月三”放假安排"


@register_todo_provider(roles={Role.PROVINCIAL_SUPERVISOR})
def calendar_todos(user: Any, membership: Any) -> Iterator[TodoItem]:
    today = timezone.localdate()
    for year, region in missing_years(today=today):
        yield TodoItem(
            title=f"{year}年工作日历尚未录入",
            detail=f"缺少{_notice(year, region)}；录入前，认定日期在{year}年的批次无法计算时限。",
            url=reverse("calendar:import"),
            level="urgent" if year == today.year else "warning",
        )


@register_todo_provider(roles=BATCH_TEAM)
def calendar_notice_for_planners(user: Any, membership: Any) -> Iterator[TodoItem]:
    today = timezone.localdate()
    years = sorted({year for year, _ in missing_years(today=today)})
    if years:
        listed = "、".join(f"{y}年" for y in years)
        yield TodoItem(
            title=f"{listed}工作日历尚未发布",
            detail=f"自治区鉴定中心录入当年节假日安排前，认定日期在{listed}的批次暂不能安排。",
        )

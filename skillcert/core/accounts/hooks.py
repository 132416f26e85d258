"""What the accounts app puts on home pages: the agency administrator's account to-dos."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from skillcert.core.accounts.models import Role
from skillcert.core.accounts.selectors import (
    accounts_awaiting_password_change,
    staff_count_by_role,
)
from skillcert.core.ui.todo import TodoItem, register_todo_provider


@register_todo_provider(roles={Role.AGENCY_ADMIN})
def staff_account_todos(user: Any, membership: Any) -> Iterator[TodoItem]:
    agency = membership.agency
    waiting = accounts_awaiting_password_change(agency).count()
    if waiting:
        yield TodoItem(
            title="账户尚未修改初始密码",
            detail="这些人员还未首次登录并设置自己的密码；请提醒本人尽快登录。",
            count=waiting,
            url=reverse("accounts:staff_list") + "?must_change=on",
            level="warning",
        )
    # 细则第十一条 lists the roles an exam needs; a role nobody holds cannot be assigned later.
    missing = [role.label for role, n in staff_count_by_role(agency) if n == 0]
    if missing:
        yield TodoItem(
            title="尚无人员担任的角色",
            detail="、".join(missing),
            count=len(missing),
            url=reverse("accounts:staff_create"),
        )

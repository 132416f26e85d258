"""What the orgs app puts on home pages: the provincial centre's agencies that lack an admin."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from skillcert.core.accounts.models import Role
from skillcert.core.orgs.selectors import agencies_without_admin
from skillcert.core.ui.todo import TodoItem, register_todo_provider


@register_todo_provider(roles={Role.PROVINCIAL_SUPERVISOR})
def agencies_lacking_admin(user: Any, membership: Any) -> Iterator[TodoItem]:
    # Only the provincial centre can open an agency's first administrator account.
    count = agencies_without_admin(user).count()
    if count:
        yield TodoItem(
            title="评价机构尚无机构管理员账户",
            detail="这些机构无法自行开设人员账户，请为其开设机构管理员。",
            count=count,
            url=reverse("orgs:agency_list") + "?without_admin=on",
            level="warning",
        )

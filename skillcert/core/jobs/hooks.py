"""Navigation entry for the list of one's background jobs."""

from __future__ import annotations

from skillcert.core.accounts.models import AGENCY_ROLES, Role
from skillcert.core.ui.navigation import NavItem, register_nav_item

register_nav_item(
    NavItem(
        "后台任务",
        "jobs:list",
        roles=frozenset({*AGENCY_ROLES, Role.PROVINCIAL_SUPERVISOR, Role.CITY_SUPERVISOR}),
        order=90,
    )
)

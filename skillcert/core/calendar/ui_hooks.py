"""Navigation entry for the calendar: only the provincial centre maintains it."""

from __future__ import annotations

from skillcert.core.accounts.models import Role
from skillcert.core.ui.navigation import NavItem, register_nav_item

register_nav_item(
    NavItem("工作日历", "calendar:index", roles=frozenset({Role.PROVINCIAL_SUPERVISOR}), order=85)
)

"""Navigation entry for the audit log, shown to the roles that may read it."""

from __future__ import annotations

from skillcert.core.accounts.models import Role
from skillcert.core.accounts.roles import AUDIT_READERS
from skillcert.core.ui.navigation import NavItem, register_nav_item

register_nav_item(NavItem("审计日志", "audit:event_list", roles=frozenset(AUDIT_READERS), order=90))
register_nav_item(
    NavItem(
        "审计链锚点",
        "audit:anchor_list",
        roles=frozenset({Role.PROVINCIAL_SUPERVISOR}),
        order=91,
    )
)

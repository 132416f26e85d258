"""Navigation entries for registration (entries whose URL does not exist yet stay hidden)."""

from __future__ import annotations

from skillcert.core.accounts.models import Role
from skillcert.core.ui.navigation import NavItem, register_nav_item

DESK = frozenset(
    {Role.AGENCY_HEAD, Role.EXAM_AFFAIRS_LEAD, Role.EXAM_AFFAIRS_STAFF, Role.AGENCY_ADMIN}
)
SUPERVISORS = frozenset({Role.PROVINCIAL_SUPERVISOR, Role.CITY_SUPERVISOR})

register_nav_item(
    NavItem("我的报名", "registration:my_applications", roles=frozenset({Role.CANDIDATE}), order=20)
)
register_nav_item(NavItem("报名审核", "registration:review_home", roles=DESK, order=35))
register_nav_item(NavItem("批量报名", "registration:import_list", roles=DESK, order=36))
register_nav_item(
    NavItem("数据上报", "registration:report_home", roles=DESK | SUPERVISORS, order=37)
)

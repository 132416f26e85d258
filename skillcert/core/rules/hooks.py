"""Navigation entry for the rule sets: the rules are public to every staff role."""

from __future__ import annotations

from skillcert.core.accounts.roles import AGENCY_STAFF, CENTRE_STAFF
from skillcert.core.ui.navigation import NavItem, register_nav_item

register_nav_item(NavItem("考务规则", "rules:index", roles=CENTRE_STAFF | AGENCY_STAFF, order=86))

"""Navigation entries by role.

Later stages add their own entries from their ``hooks.py`` with ``register_nav_item``::

    register_nav_item(NavItem("认定批次", "batches:list", roles=AGENCY_STAFF, order=20))

An entry whose URL name does not resolve (its app not installed yet) is left out, not broken.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse

from skillcert.core.accounts.models import Role
from skillcert.core.accounts.roles import AGENCY_STAFF, CENTRE_STAFF


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str] | None = None  # None: every signed-in role
    order: int = 100  # lower first; 工作台 is 0

    def url(self) -> str | None:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None


NAV_ITEMS: list[NavItem] = [
    NavItem("工作台", "ui:home", order=0),
    NavItem("评价机构", "orgs:agency_list", roles=CENTRE_STAFF, order=10),
    NavItem("本机构", "orgs:my_agency", roles=AGENCY_STAFF, order=10),
    NavItem("人员账户", "accounts:staff_list", roles=frozenset({Role.AGENCY_ADMIN}), order=80),
    NavItem(
        "中心账户",
        "accounts:centre_staff_list",
        roles=frozenset({Role.PROVINCIAL_SUPERVISOR}),
        order=80,
    ),
]


def register_nav_item(item: NavItem) -> NavItem:
    """Add an entry (idempotent: the same label and URL name are only added once)."""
    if not any(i.label == item.label and i.url_name == item.url_name for i in NAV_ITEMS):
        NAV_ITEMS.append(item)
    return item


def items_for(membership: Any, path: str = "") -> list[dict[str, Any]]:
    """The entries the acting membership's role sees, with ``current`` set on the one the
    page at ``path`` belongs to (the longest matching URL)."""
    if membership is None:
        return []
    result = []
    for item in sorted(NAV_ITEMS, key=lambda i: i.order):
        if item.roles is not None and membership.role not in item.roles:
            continue
        url = item.url()
        if url:
            result.append({"label": item.label, "url": url, "current": False})
    matches = [
        i for i in result if path == i["url"] or (i["url"] != "/" and path.startswith(i["url"]))
    ]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["current"] = True
    return result

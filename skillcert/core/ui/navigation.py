"""Navigation entries by role. Later stages append their own entries here."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from skillcert.core.accounts.models import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str] | None = None  # None: every signed-in role

    def url(self) -> str | None:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None


STAFF_ADMIN = frozenset({Role.AGENCY_ADMIN})
SUPERVISORS = frozenset({Role.PROVINCIAL_SUPERVISOR, Role.CITY_SUPERVISOR})

NAV_ITEMS: list[NavItem] = [
    NavItem("工作台", "ui:home"),
]


def items_for(membership) -> list[dict[str, str]]:
    if membership is None:
        return []
    result = []
    for item in NAV_ITEMS:
        if item.roles is not None and membership.role not in item.roles:
            continue
        url = item.url()
        if url:
            result.append({"label": item.label, "url": url})
    return result

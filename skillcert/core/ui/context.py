"""Template context shared by every page: the acting membership and the navigation for its role."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    from skillcert.core.ui.navigation import items_for

    membership = getattr(request, "membership", None)
    return {
        "active_membership": membership,
        "memberships": getattr(request, "memberships", []),
        "nav_items": items_for(membership, request.path),
    }

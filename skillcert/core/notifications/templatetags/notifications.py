"""``{% notifications_badge %}``: the top bar link to the notifications page, with the count."""

from __future__ import annotations

from typing import Any

from django import template

from skillcert.core.notifications.selectors import unread_count

register = template.Library()


@register.inclusion_tag("notifications/_badge.html", takes_context=True)
def notifications_badge(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    return {"show": True, "count": unread_count(user)}

"""Template helpers shared by every page: Chinese-style dates and the query-string helper."""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def cn_date(value: date | datetime | None) -> str:
    """2026年3月2日 — the form every date takes on the page (aware datetimes in local time)."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.date()
    return f"{value.year}年{value.month}月{value.day}日"


@register.filter
def cn_datetime(value: datetime | None) -> str:
    """2026年3月2日 14:05, in the site's time zone."""
    if value is None or value == "":
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{cn_date(value)} {value:%H:%M}"


@register.simple_tag
def page_url(query: str, number: int) -> str:
    """The link to another page of a list, keeping its search and filters."""
    return f"?{query}&page={number}" if query else f"?page={number}"

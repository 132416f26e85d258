"""The one Chinese date format of every page, message and document: 2026年3月2日."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone


def cn_date(value: date | datetime | str | None) -> str:
    """2026年3月2日 (aware datetimes in local time; an ISO date string is read as a date)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.date()
    return f"{value.year}年{value.month}月{value.day}日"


def cn_datetime(value: datetime | None) -> str:
    """2026年3月2日 14:05, in the site's time zone."""
    if value is None or value == "":
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{cn_date(value)} {value:%H:%M}"

"""The one Chinese format of every page, message and document: dates, date-times and money.

Dates read 2026年3月2日 (no zero padding), date-times 2026年3月2日 14:05 in the site's time zone,
and fees are kept in fen and shown in yuan with two decimals: 1,280.00.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal


def _local(value: datetime) -> datetime:
    # Imported here so that formatting a plain date needs no Django: the pure deadline kernels
    # (batches/deadline_rules.py) write their refusal sentences with cn_date too.
    from django.utils import timezone

    return timezone.localtime(value) if timezone.is_aware(value) else value


def cn_date(value: date | datetime | str | None) -> str:
    """2026年3月2日 (aware datetimes in local time; an ISO date string is read as a date)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if isinstance(value, datetime):
        value = _local(value).date()
    return f"{value.year}年{value.month}月{value.day}日"


def cn_datetime(value: datetime | None) -> str:
    """2026年3月2日 14:05, in the site's time zone."""
    if value is None or value == "":
        return ""
    value = _local(value)
    return f"{cn_date(value)} {value:%H:%M}"


def yuan(fen: int) -> str:
    """An amount in fen as yuan with thousands separators and two decimals: 128050 → 1,280.50.

    The unit (元, 元/人) is left to the sentence around it.
    """
    return f"{Decimal(fen) / 100:,.2f}"

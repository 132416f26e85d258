"""Reads of a person's own notifications."""

from __future__ import annotations

from django.db.models import F, QuerySet

from skillcert.core.accounts.models import User
from skillcert.core.errors import NotFound
from skillcert.core.notifications.models import Notification


def notifications_for(user: User, *, unread_only: bool = False, search: str = "") -> QuerySet:
    """The user's notifications, unread first, newest first within each group."""
    rows = Notification.objects.filter(user=user)
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    if search:
        rows = rows.filter(title__icontains=search) | rows.filter(body__icontains=search)
    return rows.order_by(F("read_at").asc(nulls_first=True), "-created_at", "-id")


def unread_count(user: User) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def get_own_notification(user: User, pk: int) -> Notification:
    """One of the user's notifications; anyone else's is not found."""
    notification = Notification.objects.filter(user=user, pk=pk).first()
    if notification is None:
        raise NotFound("未找到该通知。")
    return notification

"""The signed-in person's notifications: list (unread first), open, mark read, mark all read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from skillcert.core.notifications import selectors, services
from skillcert.core.notifications.forms import NotificationFilterForm
from skillcert.core.ui.pagination import paginate


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    filters = NotificationFilterForm(request.GET or None)
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    rows = selectors.notifications_for(
        request.user, unread_only=cleaned.get("unread", False), search=cleaned.get("q", "")
    )
    # 20 rows, not the shared PAGE_SIZE: the size this list has always had, kept unchanged.
    page, querystring = paginate(request, rows, 20)
    return render(
        request,
        "notifications/list.html",
        {
            "filters": filters,
            "page": page,
            "query": querystring,
            "unread": selectors.unread_count(request.user),
        },
    )


@login_required
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark it read and go where it points (a local path only), else back to the list."""
    # Looked up before the method check: someone else's notification is 404 whatever the method.
    notification = selectors.get_own_notification(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.mark_read(actor=request.user, notification=notification)
    return redirect(notification.safe_url or "notifications:list")


@login_required
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = selectors.get_own_notification(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.mark_read(actor=request.user, notification=notification)
    messages.success(request, f"已标为已读：{notification.title}")
    return redirect("notifications:list")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(actor=request.user)
    messages.success(request, f"已将 {count} 条通知标为已读。" if count else "没有未读通知。")
    return redirect("notifications:list")

"""Public pages of announcements (细则第一条), no login: the notices as they were published
(a withdrawn one marked so); the selectors decide what is public, drafts never are."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from skillcert.batches.announcements import selectors
from skillcert.batches.announcements.forms import PublicFilterForm
from skillcert.batches.announcements.presenters import present_snapshot
from skillcert.core.ui.pagination import paginate


def public_list(request: HttpRequest) -> HttpResponse:
    filters = PublicFilterForm(request.GET or None)
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    rows = selectors.public_announcements(search=cleaned.get("q", ""), year=cleaned.get("year"))
    # 20 rows, not the shared PAGE_SIZE: the size this list has always had, kept unchanged.
    page, query = paginate(request, rows, 20)
    for announcement in page:
        announcement.notice = present_snapshot(announcement.snapshot)
    return render(
        request,
        "announcements/public_list.html",
        {"filters": filters, "page": page, "query": query},
    )


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = selectors.get_public_announcement(pk)
    return render(
        request,
        "announcements/public_detail.html",
        {
            "announcement": announcement,
            "notice": present_snapshot(announcement.snapshot),
            "signup_batches": selectors.signup_batches(announcement, on=timezone.localdate()),
        },
    )

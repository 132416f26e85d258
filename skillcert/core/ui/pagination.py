"""One way to page a list: the page, and the query string that keeps the filters across pages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

# Rows per page of every staff and public list; a list that needs another size passes it and
# says why.
PAGE_SIZE = 25


def paginate(
    request: HttpRequest, items: QuerySet[Any] | Sequence[Any], per_page: int
) -> tuple[Page, str]:
    """The requested page (an out-of-range or bad number gives the nearest valid page) and the
    current query string without ``page``, for the pagination links."""
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()

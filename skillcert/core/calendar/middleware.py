"""Each request reads the calendar table's freshness stamp at most once (see ``selectors``)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from skillcert.core.calendar.selectors import calendar_scope


class CalendarScopeMiddleware:
    """Run the view in one ``calendar_scope``: a list that asks the working-day calendar for each
    row checks the table once per request instead of once per row."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with calendar_scope():
            return self.get_response(request)

"""The membership a person is acting in, chosen with the organisation switcher."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from skillcert.core.accounts.permissions import active_memberships
from skillcert.core.audit.context import request_context

SESSION_KEY = "active_membership_id"


class ActiveMembershipMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.membership = None  # type: ignore[attr-defined]
        request.memberships = []  # type: ignore[attr-defined]
        if request.user.is_authenticated:
            memberships = list(active_memberships(request.user))
            chosen = request.session.get(SESSION_KEY)
            active = next((m for m in memberships if m.pk == chosen), None)
            if active is None and memberships:
                active = memberships[0]
            request.memberships = memberships  # type: ignore[attr-defined]
            request.membership = active  # type: ignore[attr-defined]
        with request_context(
            ip=client_ip(request),
            membership=request.membership,  # type: ignore[attr-defined]
        ):
            return self.get_response(request)


def client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")

"""The membership a person is acting in, chosen with the organisation switcher; and the
first-login obligation to replace a password someone else set."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

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
            if request.user.must_change_password and not _exempt(request.path):
                # An administrator knows this password: nothing else may be done with it.
                return redirect(reverse("accounts:password_change"))
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


def _exempt(path: str) -> bool:
    allowed = (
        reverse("accounts:password_change"),
        reverse("accounts:logout"),
        "/" + settings.STATIC_URL.lstrip("/"),
    )
    return path.startswith(allowed)


def client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")

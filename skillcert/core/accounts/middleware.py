"""The membership a person is acting in, chosen with the organisation switcher; the first-login
obligation to replace a password someone else set; the second sign-in step; session timeouts; and
no caching of pages that show personal data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode

from skillcert.core.accounts.permissions import active_memberships
from skillcert.core.audit.context import request_context

SESSION_KEY = "active_membership_id"
SIGNED_IN_AT = "signed_in_at"
LAST_SEEN_AT = "last_seen_at"
IDLE_LIMIT = "idle_limit_seconds"


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
        # The second sign-in step comes before anything else, the new password included.
        reverse("accounts:otp_verify"),
        reverse("accounts:otp_setup"),
        "/" + settings.STATIC_URL.lstrip("/"),
    )
    return path.startswith(allowed)


def client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


# --- session lifetime -----------------------------------------------------------------------------


class SessionTimeoutMiddleware:
    """Ends a staff session after STAFF_IDLE_TIMEOUT_MINUTES without a request, and any session
    SESSION_COOKIE_AGE after sign-in however active it was (SECURITY.md CHK-1.4)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            expired = self._expired(request)
            if expired:
                logout(request)
                messages.info(request, expired)
                login = reverse("accounts:login")
                if request.headers.get("HX-Request") == "true":
                    # A partial update would put the login page inside the old page: reload.
                    return HttpResponse(status=204, headers={"HX-Redirect": login})
                if request.method == "GET":
                    login += "?" + urlencode({"next": request.get_full_path()})
                return redirect(login)
        return self.get_response(request)

    def _expired(self, request: HttpRequest) -> str:
        session = request.session
        now = timezone.now().timestamp()
        signed_in_at = session.setdefault(SIGNED_IN_AT, now)
        if now - signed_in_at > settings.SESSION_COOKIE_AGE:
            return "登录已超过最长有效时间，请重新登录。"
        if IDLE_LIMIT not in session:  # a session from before this setting existed
            session[IDLE_LIMIT] = idle_limit_seconds(request.user)
        last_seen = session.get(LAST_SEEN_AT, signed_in_at)
        if now - last_seen > session[IDLE_LIMIT]:
            minutes = session[IDLE_LIMIT] // 60
            return f"您已超过 {minutes} 分钟未操作，为保护账户安全已自动退出，请重新登录。"
        session[LAST_SEEN_AT] = now
        return ""


def idle_limit_seconds(user: Any) -> int:
    """Decided once per session, at sign-in: candidates keep the ordinary cookie age."""
    from skillcert.core.accounts.signin import is_staff_account

    if is_staff_account(user):
        return settings.STAFF_IDLE_TIMEOUT_MINUTES * 60
    return settings.SESSION_COOKIE_AGE


# --- second factor --------------------------------------------------------------------------------


class SecondFactorMiddleware:
    """Until the TOTP (or recovery) code is given, a person whose role requires a second factor
    reaches nothing but the second step itself, enrolment and sign-out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from skillcert.core.accounts.signin import confirmed_totp_device, requires_second_factor

        user = request.user
        pending = user.is_authenticated and not user.is_verified() and requires_second_factor(user)
        # The layout hides the navigation and the role switcher until the code is given.
        request.second_factor_pending = pending  # type: ignore[attr-defined]
        if pending and not _second_factor_exempt(request.path):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"code": "second_factor_required", "message": "请先完成二次验证。"},
                    status=403,
                )
            name = "accounts:otp_verify" if confirmed_totp_device(user) else "accounts:otp_setup"
            target = reverse(name)
            if request.method == "GET" and request.path != "/":
                target += "?" + urlencode({"next": request.get_full_path()})
            return redirect(target)
        return self.get_response(request)


def _second_factor_exempt(path: str) -> bool:
    allowed = (
        reverse("accounts:otp_verify"),
        reverse("accounts:otp_setup"),
        reverse("accounts:logout"),
        "/" + settings.STATIC_URL.lstrip("/"),
    )
    return path.startswith(allowed)


# --- caching --------------------------------------------------------------------------------------


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every response to a signed-in person and on the public pages
    that list people (公示): neither a shared proxy nor the browser's history keeps a copy
    (ASVS 14.3.2)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated or _lists_people(request):
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
        return response


def _lists_people(request: HttpRequest) -> bool:
    match = request.resolver_match
    if match is None:
        return False
    return f"{match.namespace}:{match.url_name}" in settings.NO_STORE_PUBLIC_VIEWS

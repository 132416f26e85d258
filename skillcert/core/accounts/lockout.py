"""Lockout after repeated failed sign-ins (django-axes), with separate limits per account and per
address, the Chinese page a locked-out person sees, and the unlock an administrator performs."""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def lockout_message() -> str:
    return (
        f"登录失败次数过多，该账户或您所在的网络地址已被暂时锁定，"
        f"{settings.LOGIN_LOCKOUT_MINUTES} 分钟内不能登录（输入正确的密码也不能）。"
        "请稍后再试；如急需办理，请联系本机构管理员解除锁定"
        "（鉴定中心账户请联系自治区鉴定中心）。"
    )


class SignInLockoutHandler(AxesDatabaseHandler):
    """Counts failures per account and per address, each against its own limit.

    Axes compares one number with one limit (``AXES_FAILURE_LIMIT``, the per-account limit), so
    the address count is scaled to it: the address is locked exactly when its own count reaches
    ``LOGIN_FAILURE_LIMIT_PER_ADDRESS``.
    """

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        by_account, by_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        account_limit = settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT
        address_limit = settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS
        return max(by_account, by_address * account_limit // address_limit)

    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """On a successful sign-in forget that account's failures only. Axes would also forget the
        address's, so an attacker spraying guesses could clear the address count by signing in to
        an account of their own (anyone can open a candidate account) now and then."""
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any = None
) -> HttpResponse:
    """The sign-in page again, with the name typed and why the person cannot sign in."""
    from skillcert.core.accounts.forms import LoginForm

    form = LoginForm(request, initial={"username": request.POST.get("username", "")})
    return render(
        request,
        "accounts/login.html",
        {"form": form, "locked_out": lockout_message(), "next": request.POST.get("next", "")},
        status=429,
    )

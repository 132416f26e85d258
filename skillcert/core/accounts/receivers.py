"""Receivers of Django's auth signals: each hands the event to the sign-in audit service."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from skillcert.core.accounts import signin
from skillcert.core.accounts.middleware import IDLE_LIMIT, SIGNED_IN_AT, idle_limit_seconds


def signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = timezone.now().timestamp()
        request.session[IDLE_LIMIT] = idle_limit_seconds(user)
    signin.record_sign_in(user=user)


def sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # ``credentials`` arrive with the password already masked by Django; only the name is kept.
    signin.record_sign_in_failure(
        username=str(credentials.get("username", "")),
        locked_out=bool(getattr(request, "axes_locked_out", False)),
    )


def signed_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        signin.record_sign_out(user=user)

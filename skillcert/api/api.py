"""The one django-ninja API object. Each app contributes a router from its own ``api.py``.

Every endpoint needs a signed-in session (and the CSRF token for writes) unless it is marked
``auth=None`` (the public lists); the apps' routers take staff only (``skillcert.api.auth``).
Every refusal is 4xx JSON ``{"code", "message", "field"}``: a ``DomainError`` with its status and
the same message a page shows, and likewise a missing session (401) and a request that does not
match the schema (422, with django-ninja's ``detail`` kept beside it).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import django_auth

from skillcert.core.accounts.signin import is_staff_account
from skillcert.core.errors import DomainError


def staff_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The API description and its viewer are for signed-in staff: anonymous visitors are sent
    to sign in, candidates are refused. (The viewer's scripts are django-ninja's own static
    files, served by us; nothing loads from a CDN.)"""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_staff_account(request.user):
            return HttpResponseForbidden("接口文档仅供工作人员查看。")
        return view(request, *args, **kwargs)

    return wrapper


api = NinjaAPI(
    title="skillcert API",
    version="1",
    description="广西职业技能等级认定考务平台接口",
    auth=django_auth,
    urls_namespace="api",
    docs_decorator=staff_only,
)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(AuthenticationError)
def not_signed_in(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    body = {"code": "not_authenticated", "message": "请先登录。", "field": None, "detail": str(exc)}
    return api.create_response(request, body, status=exc.status_code)


@api.exception_handler(ValidationError)
def invalid_request(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """The first problem as ``message`` and ``field`` (the body or query key); all in ``detail``."""
    first = exc.errors[0] if exc.errors else {}
    where = [str(part) for part in first.get("loc", ()) if not isinstance(part, int)]
    field = where[-1] if len(where) > 1 else None
    body = {
        "code": "invalid_request",
        "message": f"请求内容不符合接口要求：{field or '请求'}：{first.get('msg', '')}",
        "field": field,
        "detail": exc.errors,
    }
    return api.create_response(request, body, status=422)


def _register_routers() -> None:
    from skillcert.batches import api as batches
    from skillcert.batches.announcements import api as announcements
    from skillcert.core.calendar.api import router as calendar_router
    from skillcert.registration.api import router as registration_router

    api.add_router("/calendar/", calendar_router)
    # These routers name their full paths (/batches/, /sites/, /announcements/, /plans/ ...).
    api.add_router("", batches.router)
    api.add_router("", announcements.router)
    api.add_router("", announcements.public_router)
    api.add_router("/registration/", registration_router)


_register_routers()

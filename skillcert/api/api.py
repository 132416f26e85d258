"""The one django-ninja API object. Each app contributes a router from its own ``api.py``.

Every endpoint needs a signed-in session (and the CSRF token for writes); a ``DomainError`` becomes
4xx JSON ``{"code": ..., "message": ...}`` with the error's status, the same message a page shows.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from ninja import NinjaAPI
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


def _register_routers() -> None:
    from skillcert.core.calendar.api import router as calendar_router
    from skillcert.registration.api import router as registration_router

    api.add_router("/calendar/", calendar_router)
    api.add_router("/registration/", registration_router)


_register_routers()

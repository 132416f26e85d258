"""The one django-ninja API object. Each app contributes a router from its own ``api.py``.

Every endpoint needs a signed-in session (and the CSRF token for writes); a ``DomainError`` becomes
4xx JSON ``{"code": ..., "message": ...}`` with the error's status, the same message a page shows.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import django_auth

from skillcert.core.errors import DomainError

api = NinjaAPI(
    title="skillcert API",
    version="1",
    description="广西职业技能等级认定考务平台接口",
    auth=django_auth,
    urls_namespace="api",
)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status)


def _register_routers() -> None:
    from skillcert.core.calendar.api import router as calendar_router

    api.add_router("/calendar/", calendar_router)


_register_routers()

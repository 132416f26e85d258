"""Who may call the API: signed-in staff, by their session, with the CSRF token for writes.

Kept apart from ``api.py`` so that an app's router can name its auth without importing the API
object (which imports every router).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import SessionAuth
from ninja.utils import check_csrf

from skillcert.core.accounts.signin import is_staff_account
from skillcert.core.errors import PermissionDenied


class StaffSession(SessionAuth):
    """Django's session, for staff accounts only.

    Without a session the answer is 401; a candidate's session is refused with 403, so that a
    candidate learns nothing from an empty list about what staff would see. A write (POST, PUT,
    PATCH, DELETE) without the CSRF token is refused with 403 before anything else is looked at.
    """

    def _get_key(self, request: HttpRequest) -> str | None:
        exempt = getattr(request, "_ninja_csrf_exempt", False)
        if self.csrf and not exempt and check_csrf(request) is not None:
            raise PermissionDenied(
                "请求缺少有效的 CSRF 令牌：请在请求头 X-CSRFToken 中带上 csrftoken Cookie 的值。",
                code="csrf_failed",
            )
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None:
            return None
        if not is_staff_account(user):
            raise PermissionDenied("接口仅供评价机构和鉴定中心的工作人员使用。")
        return user


staff_session = StaffSession()

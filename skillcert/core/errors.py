"""The one base for domain errors, and the edge that shows them.

A service raises a ``DomainError`` subclass with a stable ``code`` and a Chinese message that says
what is wrong and what to do. Views catch it to show a form or page message; the API turns it into
4xx JSON; anything that reaches this middleware unhandled becomes a plain error page with the
message, never a stack trace.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


class DomainError(Exception):
    """A refusal by a rule of the domain, with a code and a Chinese message.

    ``field`` names the form field the refusal concerns, so a form can show it beside that
    field (``skillcert.core.ui.forms.form_error``); None puts it above the form.
    """

    code: str = "domain_error"
    status: int = 400

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if code is not None:
            self.code = code

    def as_dict(self) -> dict[str, str | None]:
        """The JSON an API client gets: ``field`` is the input the refusal concerns, or None."""
        return {"code": self.code, "message": self.message, "field": self.field}


class PermissionDenied(DomainError):
    code = "permission_denied"
    status = 403


class NotFound(DomainError):
    """Also used for another agency's object: it must not be known to exist."""

    code = "not_found"
    status = 404


class IllegalTransition(DomainError):
    code = "illegal_transition"
    status = 409


class DomainErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError):
            return None
        if request.path.startswith("/api/") or request.headers.get("Accept") == "application/json":
            return JsonResponse(exception.as_dict(), status=exception.status)
        return render(
            request, "ui/domain_error.html", {"error": exception}, status=exception.status
        )

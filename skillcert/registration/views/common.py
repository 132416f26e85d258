"""The shape the registration pages repeat: a form posted to a page, handed to a service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from skillcert.core.errors import DomainError
from skillcert.core.ui.forms import form_error


def accepted(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], object],
    *,
    done: str | Callable[[dict[str, Any]], str],
    then: str,
    field: str | None = None,
) -> HttpResponse | None:
    """A valid form that the service accepts: say ``done`` (from the cleaned data if need be) and
    go to ``then``. Otherwise None, with the service's refusal shown beside its field (or beside
    ``field``), for the caller to show the page again with the form."""
    if not form.is_valid():
        return None
    try:
        save(form.cleaned_data)
    except DomainError as error:
        if field is None:
            form_error(form, error)
        else:
            form.add_error(field, error.message)
        return None
    messages.success(request, done(form.cleaned_data) if callable(done) else done)
    return redirect(then)

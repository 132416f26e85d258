"""The shapes every staff page repeats: a form that calls a service, a confirmed action, and a
POST-only action that reports back with a message. A service's refusal is shown beside the field
it names (``form_error``) or as an error message; nothing the user typed is lost."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render

from skillcert.core.errors import DomainError
from skillcert.core.ui.forms import form_error

T = TypeVar("T")


def submitted(
    request: HttpRequest, form: forms.BaseForm, save: Callable[[dict[str, Any]], T]
) -> tuple[bool, T | None]:
    """On a valid POST, call ``save`` with the cleaned data: (True, its result), or (False, None)
    with the service's refusal shown beside its field."""
    if request.method != "POST" or not form.is_valid():
        return False, None
    try:
        return True, save(form.cleaned_data)
    except DomainError as error:
        form_error(form, error)
        return False, None


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], T],
    *,
    done: str | Callable[[T], str],
    then: str | Callable[[T], str],
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """A page whose form calls a service: on success say ``done`` and go to ``then`` (either may
    depend on what the service returned); otherwise show the form again, with the service's
    refusal beside its field."""
    saved, result = submitted(request, form, save)
    if saved:
        messages.success(request, done(result) if callable(done) else done)
        return redirect(then(result) if callable(then) else then)
    return render(request, template, {"form": form, **context})


def act(
    request: HttpRequest, action: Callable[[], object], *, done: str, refused: str = ""
) -> bool:
    """Call a service for a button; its refusal becomes an error message (after ``refused``)."""
    try:
        action()
    except DomainError as error:
        messages.error(request, f"{refused}{error.message}")
        return False
    messages.success(request, done)
    return True


def post_action(
    request: HttpRequest, action: Callable[[], object], *, done: str, back: str, refused: str = ""
) -> HttpResponse:
    """A button that only POSTs: run it, say how it went, and go back."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    act(request, action, done=done, refused=refused)
    return redirect(back)


def confirmed_action(
    request: HttpRequest,
    action: Callable[[], object],
    *,
    done: str,
    back: str,
    title: str,
    question: str,
    consequence: str,
    confirm_label: str,
    cancel_url: str,
) -> HttpResponse:
    """A destructive action: GET asks first (ui/confirm.html), POST runs it and goes ``back``."""
    if request.method == "POST":
        act(request, action, done=done)
        return redirect(back)
    return render(
        request,
        "ui/confirm.html",
        {
            "title": title,
            "question": question,
            "consequence": consequence,
            "confirm_label": confirm_label,
            "cancel_url": cancel_url,
        },
    )


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

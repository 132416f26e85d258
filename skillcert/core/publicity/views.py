"""The two public pages every publicity has: the index of open lists and a list's own page with
its objection form. A stage's view passes its selector, its service and its templates:

    @csrf_protect
    def results_page(request, batch_id):
        return publication_page(
            request,
            find=lambda today: results.current_publicity(batch_id, today=today),
            submit=results.submit_objection,
            template="scoring/publicity_public.html",
            gone_template="scoring/publicity_gone.html",
            context=lambda p: {"rows": results.public_rows(p), "batch": p.batch},
        )

No login, so the view must be wrapped in ``csrf_protect`` (the objection form posts) and listed in
``settings.NO_STORE_PUBLIC_VIEWS`` (the page lists people).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from skillcert.core.publicity.errors import ObjectionRefused, PublicityGone, TooManyObjections
from skillcert.core.publicity.forms import ObjectionForm, PublicSearchForm
from skillcert.core.publicity.models import Publication
from skillcert.core.ui.forms import form_error
from skillcert.core.ui.pagination import PAGE_SIZE, paginate


def client_ip(request: HttpRequest) -> str:
    # Behind the reverse proxy (ARCHITECTURE.md) REMOTE_ADDR is the proxy's own address unless
    # the proxy sets it; we take REMOTE_ADDR only, never a header a client could forge.
    return request.META.get("REMOTE_ADDR", "")


def publication_list(
    request: HttpRequest,
    *,
    find: Callable[..., QuerySet[Any]],
    template: str,
    search_form: type[forms.Form] = PublicSearchForm,
) -> HttpResponse:
    """The index of open publications: ``find(today=..., search=...)`` returns them, paged."""
    filters = search_form(request.GET or None)
    search = filters.cleaned_data.get("q", "") if filters.is_valid() else ""
    rows = find(today=timezone.localdate(), search=search)
    page, querystring = paginate(request, rows, PAGE_SIZE)
    return render(request, template, {"filters": filters, "page": page, "query": querystring})


def publication_page(
    request: HttpRequest,
    *,
    find: Callable[[date], Publication],
    submit: Callable[..., object],
    template: str,
    gone_template: str,
    context: Callable[[Any], dict[str, Any]],
    form_class: type[forms.Form] = ObjectionForm,
) -> HttpResponse:
    """A publication's page and its objection form.

    ``find(today)`` raises ``NotFound`` before the period (the error middleware answers 404) and
    ``PublicityGone`` after it (rendered here with ``gone_template`` as 410). A valid form is passed
    to ``submit(publication=..., ip=..., **cleaned_data)``; its refusal is shown beside the field,
    with 429 when the address is over its limit; a taken objection redirects to ``?submitted=1``.
    """
    try:
        publication = find(timezone.localdate())
    except PublicityGone as gone:
        return render(request, gone_template, {"error": gone}, status=410)
    form = form_class(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            submit(publication=publication, ip=client_ip(request), **form.cleaned_data)
        except ObjectionRefused as error:
            form_error(form, error)
            status = error.status if isinstance(error, TooManyObjections) else 200
        else:
            return redirect(f"{request.path}?submitted=1#objection")
    return render(
        request,
        template,
        {
            "publicity": publication,
            **context(publication),
            "form": form,
            "submitted": request.GET.get("submitted") == "1",
        },
        status=status,
    )

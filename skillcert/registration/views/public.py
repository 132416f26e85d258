"""Public pages (no login): the index of open candidate publicity pages and each batch's page
with its objection form (细则第五条). Only masked names and ID numbers are shown."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_protect

from skillcert.core.ui.forms import form_error
from skillcert.core.ui.pagination import PAGE_SIZE, paginate
from skillcert.registration import publicity as pub


class PublicSearchForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, help_text="评价机构、批次名称或编号")


class ObjectionForm(forms.Form):
    name = forms.CharField(label="您的姓名", max_length=50)
    contact = forms.CharField(
        label="联系方式", max_length=100, help_text="手机号码或电子邮箱，仅评价机构和监管部门可见"
    )
    content = forms.CharField(
        label="异议内容",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="写明对哪位考生（公示中的姓名和证件号后四位）有何异议及理由",
    )


def _client_ip(request: HttpRequest) -> str:
    # Behind the reverse proxy (ARCHITECTURE.md) REMOTE_ADDR is the proxy's own address unless
    # the proxy sets it; we take REMOTE_ADDR only, never a header a client could forge.
    return request.META.get("REMOTE_ADDR", "")


def publicity_index(request: HttpRequest) -> HttpResponse:
    filters = PublicSearchForm(request.GET or None)
    search = filters.cleaned_data.get("q", "") if filters.is_valid() else ""
    rows = pub.open_publicities(today=timezone.localdate(), search=search)
    page, querystring = paginate(request, rows, PAGE_SIZE)
    return render(
        request,
        "registration/publicity_index.html",
        {"filters": filters, "page": page, "query": querystring},
    )


@csrf_protect
def publicity_page(request: HttpRequest, batch_id: int) -> HttpResponse:
    try:
        publicity = pub.current_publicity(batch_id, today=timezone.localdate())
    except pub.PublicityGone as gone:
        return render(request, "registration/publicity_gone.html", {"error": gone}, status=410)
    form = ObjectionForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            pub.submit_objection(publicity=publicity, ip=_client_ip(request), **form.cleaned_data)
        except pub.ObjectionRefused as error:
            form_error(form, error)
            status = error.status if isinstance(error, pub.TooManyObjections) else 200
        else:
            return redirect(f"{request.path}?submitted=1#objection")
    return render(
        request,
        "registration/publicity_public.html",
        {
            "publicity": publicity,
            "batch": publicity.batch,
            "agency": publicity.batch.agency,
            "summary": publicity.report.summary,
            "rows": pub.public_rows(publicity),
            "form": form,
            "submitted": request.GET.get("submitted") == "1",
        },
        status=status,
    )

"""The scope (备案) pages of an agency: what it may certify, granted and revoked by supervisors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from skillcert.catalog import access, selectors, services
from skillcert.catalog.errors import CatalogError
from skillcert.catalog.forms import (
    ScopeGrantForm,
)
from skillcert.core.errors import PermissionDenied
from skillcert.core.ui.forms import form_error


@login_required
def agency_scopes(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = selectors.agency_for(request.user, agency_id)
    can_maintain = access.can_maintain_scope(request.user, agency)
    form = ScopeGrantForm(request.POST or None) if can_maintain else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("备案范围由自治区或所在市鉴定中心监管员登记。")
        if form.is_valid():
            try:
                scope = services.grant_agency_scope(
                    actor=request.user, agency=agency, **form.cleaned_data
                )
            except CatalogError as error:
                form_error(form, error)
            else:
                messages.success(
                    request, f"已登记备案：{selectors.level_name(scope.standard_level)}。"
                )
                return redirect("catalog:agency_scopes", agency_id=agency.pk)
    scopes = selectors.scopes_with_force(agency, timezone.localdate())
    return render(
        request,
        "catalog/agency_scopes.html",
        {"agency": agency, "scopes": scopes, "form": form, "can_maintain": can_maintain},
    )


@login_required
def my_scopes(request: HttpRequest) -> HttpResponse:
    membership = getattr(request, "membership", None)
    if membership is None or membership.agency_id is None:
        raise PermissionDenied("当前角色不属于任何评价机构；请在右上角切换到机构的角色。")
    return redirect("catalog:agency_scopes", agency_id=membership.agency_id)


@login_required
def scope_revoke(request: HttpRequest, scope_id: int) -> HttpResponse:
    scope = selectors.scope_by_id(request.user, scope_id)
    back = reverse("catalog:agency_scopes", args=[scope.agency_id])
    if request.method == "POST":
        try:
            services.revoke_agency_scope(actor=request.user, scope=scope)
        except CatalogError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已撤销备案：{selectors.level_name(scope.standard_level)}。")
        return redirect(back)
    if not access.can_maintain_scope(request.user, scope.agency):
        raise PermissionDenied("备案范围由自治区或所在市鉴定中心监管员登记。")
    level = selectors.level_name(scope.standard_level)
    return render(
        request,
        "ui/confirm.html",
        {
            "title": "撤销备案范围",
            "question": f"确定撤销 {scope.agency.name} 的备案：{level}？",
            "consequence": "撤销后该机构不能再安排或认定此职业等级；记录保留并写入操作日志。",
            "confirm_label": "撤销备案",
            "cancel_url": back,
        },
    )

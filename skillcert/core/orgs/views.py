"""Agency pages: the supervisors' list, the detail page, and registration by the province."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from skillcert.core.accounts import services as account_services
from skillcert.core.accounts.errors import AccountError
from skillcert.core.accounts.forms import AgencyAdminCreateForm
from skillcert.core.accounts.models import CENTRE_ROLES, Role
from skillcert.core.accounts.permissions import has_role, require_any_role, require_role
from skillcert.core.accounts.selectors import staff_count_by_role
from skillcert.core.accounts.services import province_centre
from skillcert.core.errors import PermissionDenied
from skillcert.core.orgs import selectors, services
from skillcert.core.orgs.forms import AgencyEditForm, AgencyFilterForm, AgencyForm
from skillcert.core.orgs.services import AgencyError
from skillcert.core.ui.forms import form_error
from skillcert.core.ui.pagination import PAGE_SIZE, paginate


def _is_provincial(request: HttpRequest) -> bool:
    return has_role(request.user, province_centre(), Role.PROVINCIAL_SUPERVISOR)


@login_required
def agency_list(request: HttpRequest) -> HttpResponse:
    require_any_role(request.user, CENTRE_ROLES)
    filters = AgencyFilterForm(request.GET or None, centres=selectors.centres_for(request.user))
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    centre = cleaned.get("centre")
    agencies = selectors.agencies_for(
        actor=request.user,
        search=cleaned.get("q", ""),
        centre_id=centre.pk if centre else None,
        agency_type=cleaned.get("agency_type", ""),
        status=cleaned.get("status", ""),
        without_admin=cleaned.get("without_admin", False),
    )
    page, querystring = paginate(request, agencies, PAGE_SIZE)
    return render(
        request,
        "orgs/agency_list.html",
        {
            "filters": filters,
            "page": page,
            "query": querystring,
            "can_register": _is_provincial(request),
        },
    )


@login_required
def my_agency(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    if membership is None or membership.agency_id is None:
        raise PermissionDenied("当前角色不属于任何评价机构。")
    return redirect("orgs:agency_detail", agency_id=membership.agency_id)


@login_required
def agency_detail(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = selectors.agency_for(actor=request.user, agency_id=agency_id)
    return render(
        request,
        "orgs/agency_detail.html",
        {
            "agency": agency,
            "staff_counts": staff_count_by_role(agency),
            "can_edit": _is_provincial(request),
            "is_admin": has_role(request.user, agency, Role.AGENCY_ADMIN),
        },
    )


@login_required
def agency_create(request: HttpRequest) -> HttpResponse:
    require_role(request.user, province_centre(), Role.PROVINCIAL_SUPERVISOR)
    form = AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agency = services.register_agency(actor=request.user, **form.cleaned_data)
        except AgencyError as error:
            form_error(form, error)
        else:
            messages.success(request, f"已登记评价机构「{agency.name}」。")
            return redirect("orgs:agency_detail", agency_id=agency.pk)
    return render(request, "orgs/agency_form.html", {"form": form})


@login_required
def agency_edit(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = selectors.agency_for(actor=request.user, agency_id=agency_id)
    require_role(request.user, province_centre(), Role.PROVINCIAL_SUPERVISOR)
    initial = {f: getattr(agency, f) for f in services.EDITABLE_FIELDS}
    form = AgencyEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_agency(actor=request.user, agency=agency, **form.cleaned_data)
        except AgencyError as error:
            form_error(form, error)
        else:
            messages.success(request, "已保存机构信息。")
            return redirect("orgs:agency_detail", agency_id=agency.pk)
    return render(request, "orgs/agency_form.html", {"form": form, "agency": agency})


@login_required
def agency_admin_create(request: HttpRequest, agency_id: int) -> HttpResponse:
    """The provincial centre opens a new agency's first administrator account."""
    agency = selectors.agency_for(actor=request.user, agency_id=agency_id)
    require_role(request.user, province_centre(), Role.PROVINCIAL_SUPERVISOR)
    form = AgencyAdminCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = account_services.create_agency_admin_account(
                actor=request.user, agency=agency, **form.cleaned_data
            )
        except AccountError as error:
            form_error(form, error)
        else:
            message = f"已为「{agency.name}」开设机构管理员账户 {user.username}。"
            if user.temporary_password:
                message += f"初始密码：{user.temporary_password}（只显示这一次，请告知本人）。"
                messages.warning(request, message)
            else:
                messages.success(request, message)
            return redirect("orgs:agency_detail", agency_id=agency.pk)
    return render(request, "orgs/agency_admin_form.html", {"form": form, "agency": agency})

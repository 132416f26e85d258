"""Accounts pages: sign-in and passwords, the organisation switcher, staff and centre accounts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_POST

from skillcert.core.accounts import selectors, services
from skillcert.core.accounts.forms import (
    CentreAccountForm,
    LoginForm,
    StaffCreateForm,
    StaffEditForm,
    StaffFilterForm,
)
from skillcert.core.accounts.middleware import SESSION_KEY
from skillcert.core.accounts.models import Membership, Role
from skillcert.core.accounts.passwords import password_rule_hint
from skillcert.core.accounts.services import AccountError
from skillcert.core.errors import NotFound, PermissionDenied
from skillcert.core.orgs.models import Agency
from skillcert.core.ui.pagination import paginate

PAGE_SIZE = 25


def form_error(form: Any, error: AccountError) -> None:
    """Show a refused service call beside the field it concerns, or above the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


# --- sign-in and passwords ------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    form.fields["new_password1"].help_text = password_rule_hint()
    if request.method == "POST" and form.is_valid():
        user = services.change_password(
            actor=request.user, new_password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(request, user)
        messages.success(request, "密码已修改。")
        return redirect("ui:home")
    return render(
        request,
        "accounts/password_change.html",
        {"form": form, "forced": request.user.must_change_password},
    )


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)
        form.fields["new_password1"].help_text = password_rule_hint()
        return form

    def form_valid(self, form: Any) -> HttpResponse:
        # Through the service, so the reset is audited and any first-login obligation ends.
        services.change_password(actor=form.user, new_password=form.cleaned_data["new_password1"])
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return redirect(self.success_url)


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# --- organisation / role switcher ---------------------------------------------------------------


@require_POST
@login_required
def switch_membership(request: HttpRequest) -> HttpResponse:
    """Act as another of one's own memberships. Anyone else's membership is simply not found."""
    try:
        wanted = int(request.POST.get("membership", ""))
    except ValueError as exc:
        raise NotFound("未找到该角色。") from exc
    membership = next((m for m in request.memberships if m.pk == wanted), None)
    if membership is None:
        raise NotFound("未找到该角色。")
    request.session[SESSION_KEY] = membership.pk
    messages.info(request, f"已切换为：{membership}")
    return redirect("ui:home")


# --- agency staff (the agency administrator's pages) -------------------------------------------


def acting_agency(request: HttpRequest, *, for_object: bool = False) -> Agency:
    """The agency of the acting membership.

    Someone acting outside an agency is refused; on a page about one agency's object they get
    404 instead, because the object is not theirs to know about.
    """
    membership: Membership | None = request.membership
    if membership is None or membership.agency is None:
        if for_object:
            raise NotFound("未找到该记录，或您无权查看。")
        raise PermissionDenied("此页面仅限评价机构的人员使用，请先切换到机构角色。")
    return membership.agency


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    agency = acting_agency(request)
    filters = StaffFilterForm(request.GET or None)
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    staff = selectors.staff_of(
        actor=request.user,
        agency=agency,
        search=cleaned.get("q", ""),
        role=cleaned.get("role", ""),
        must_change_password=cleaned.get("must_change", False),
    )
    page, querystring = paginate(request, staff, PAGE_SIZE)
    return render(
        request,
        "accounts/staff_list.html",
        {
            "agency": agency,
            "filters": filters,
            "page": page,
            "query": querystring,
            "counts": selectors.staff_count_by_role(agency),
        },
    )


@login_required
def staff_create(request: HttpRequest) -> HttpResponse:
    agency = acting_agency(request)
    # Asked before the form is shown, so a non-administrator never sees a form they cannot send.
    selectors.staff_of(actor=request.user, agency=agency)
    form = StaffCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_staff_account(
                actor=request.user, agency=agency, **form.cleaned_data
            )
        except AccountError as error:
            form_error(form, error)
        else:
            if user.temporary_password:
                messages.warning(
                    request,
                    f"已为{user.display_name}开设账户 {user.username}，初始密码："
                    f"{user.temporary_password}（只显示这一次，请当面告知本人）。",
                )
            else:
                messages.success(request, f"已为{user.display_name}开设账户 {user.username}。")
            return redirect("accounts:staff_list")
    return render(request, "accounts/staff_form.html", {"agency": agency, "form": form})


@login_required
def staff_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    agency = acting_agency(request, for_object=True)
    person = selectors.staff_member(actor=request.user, agency=agency, user_id=user_id)
    held = [m.role for m in person.agency_memberships if m.is_active]
    form = StaffEditForm(
        request.POST or None,
        initial={
            "full_name": person.full_name,
            "phone": person.phone,
            "email": person.email,
            "roles": held,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.edit_staff_account(actor=request.user, agency=agency, user=person, **data)
        except AccountError as error:
            form_error(form, error)
        else:
            messages.success(request, f"已保存{person.display_name}的资料和角色。")
            return redirect("accounts:staff_list")
    return render(
        request,
        "accounts/staff_form.html",
        {"agency": agency, "form": form, "person": person},
    )


@login_required
def staff_deactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    agency = acting_agency(request, for_object=True)
    person = selectors.staff_member(actor=request.user, agency=agency, user_id=user_id)
    if request.method == "POST":
        try:
            services.deactivate_account(actor=request.user, agency=agency, user=person)
        except AccountError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已停用{person.display_name}在本机构的账户。")
        return redirect("accounts:staff_list")
    return render(
        request,
        "ui/confirm.html",
        {
            "title": "停用账户",
            "question": (
                f"确定停用{person.display_name}（{person.username}）在{agency.name}的账户吗？"
            ),
            "consequence": "停用后此人不能再以本机构的任何角色登录办理业务；"
            "其已办理的记录保留不变。如需恢复，可在编辑页重新授予角色。",
            "confirm_label": "确认停用",
            "cancel_url": reverse("accounts:staff_list"),
        },
    )


# --- centre accounts (the provincial centre's page) ---------------------------------------------


@login_required
def centre_staff_list(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()
    centre_id = request.GET.get("centre", "")
    memberships = selectors.centre_accounts(
        actor=request.user, search=search, centre_id=centre_id if centre_id.isdigit() else ""
    )
    page, querystring = paginate(request, memberships, PAGE_SIZE)
    return render(
        request,
        "accounts/centre_staff_list.html",
        {
            "page": page,
            "search": search,
            "centre_id": centre_id,
            "centres": selectors.centres(),
            "query": querystring,
        },
    )


@login_required
def centre_staff_create(request: HttpRequest) -> HttpResponse:
    selectors.centre_accounts(actor=request.user)
    form = CentreAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_centre_account(actor=request.user, **form.cleaned_data)
        except AccountError as error:
            form_error(form, error)
        else:
            message = f"已开设账户 {user.username}（{Role(form.cleaned_data['role']).label}）。"
            if user.temporary_password:
                message += f"初始密码：{user.temporary_password}（只显示这一次，请当面告知本人）。"
                messages.warning(request, message)
            else:
                messages.success(request, message)
            return redirect("accounts:centre_staff_list")
    return render(request, "accounts/centre_staff_form.html", {"form": form})

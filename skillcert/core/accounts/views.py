"""Accounts pages: sign-in and passwords, the organisation switcher, staff and centre accounts."""

from __future__ import annotations

from base64 import b32encode
from collections.abc import Callable
from typing import Any, TypeVar

import segno
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from skillcert.core.accounts import selectors, services, signin
from skillcert.core.accounts.errors import AccountError
from skillcert.core.accounts.forms import (
    CentreAccountForm,
    LoginForm,
    OwnPasswordChangeForm,
    OwnSetPasswordForm,
    SecondFactorForm,
    StaffCreateForm,
    StaffEditForm,
    StaffFilterForm,
)
from skillcert.core.accounts.middleware import SESSION_KEY
from skillcert.core.accounts.models import Membership, Role
from skillcert.core.errors import NotFound, PermissionDenied
from skillcert.core.orgs.models import Agency
from skillcert.core.ui.forms import form_error
from skillcert.core.ui.pagination import PAGE_SIZE, paginate

T = TypeVar("T")

# --- sign-in and passwords ------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True


def _next_url(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("ui:home")


def _verify_code(request: HttpRequest, form: SecondFactorForm, check: Callable[..., T]) -> T | None:
    """Check the form's code with ``check`` (a sign-in service taking ``actor`` and ``token`` and
    returning the device, or the device first in a tuple). Accepted: the session counts as
    verified by that device and gets a new key. Refused: None, the reason beside the field."""
    try:
        result = check(actor=request.user, token=form.cleaned_data["otp_token"])
    except signin.SignInError as error:
        form.add_error("otp_token", error.message)
        return None
    otp_login(request, result[0] if isinstance(result, tuple) else result)
    request.session.cycle_key()
    return result


@login_required
def second_factor(request: HttpRequest) -> HttpResponse:
    """The second sign-in step: a TOTP code, or a recovery code."""
    if signin.confirmed_totp_device(request.user) is None:
        return redirect("accounts:otp_setup")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = _verify_code(request, form, signin.verify_second_factor)
        if device is not None:
            if getattr(device, "token_set", None) is not None:
                left = device.token_set.count()
                messages.warning(
                    request,
                    f"您使用了一个恢复码，还剩 {left} 个。"
                    "请尽快找回手机，或联系本机构管理员重置身份验证器。",
                )
            return redirect(_next_url(request))
    return render(
        request, "accounts/second_factor.html", {"form": form, "next": _next_url(request)}
    )


@login_required
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    """Bind an authenticator app: QR code and secret, then the first code; recovery codes once."""
    if signin.confirmed_totp_device(request.user) is not None:
        return redirect("accounts:otp_verify")
    device = signin.start_totp_enrolment(actor=request.user)
    form = SecondFactorForm(request.POST or None)
    form.fields["otp_token"].help_text = "绑定后，身份验证器上显示的 6 位数字。"
    if request.method == "POST" and form.is_valid():
        enrolled = _verify_code(request, form, signin.confirm_totp_enrolment)
        if enrolled is not None:
            _device, codes = enrolled
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
    return render(
        request,
        "accounts/second_factor_setup.html",
        {
            "form": form,
            "qr_svg": qr_svg(device.config_url),
            "secret": totp_secret_text(device),
            "next": _next_url(request),
        },
    )


def qr_svg(data: str) -> str:
    """The QR code as inline SVG (segno, no image service, no script)."""
    svg = segno.make(data, error="m").svg_inline(scale=5, dark="#1f2937", light="#ffffff")
    return mark_safe(svg)  # generated by segno from our own URL, no user text in markup


def totp_secret_text(device: Any) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = OwnPasswordChangeForm(request.user, request.POST or None)
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
    form_class = OwnSetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

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


def _confirmed_staff_action(
    request: HttpRequest,
    user_id: int,
    *,
    action: Any,
    done: str,
    title: str,
    question: str,
    consequence: str,
) -> HttpResponse:
    agency = acting_agency(request, for_object=True)
    person = selectors.staff_member(actor=request.user, agency=agency, user_id=user_id)
    if request.method == "POST":
        try:
            action(actor=request.user, agency=agency, user=person)
        except signin.SignInError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, done.format(name=person.display_name))
        return redirect("accounts:staff_edit", user_id=person.pk)
    return render(
        request,
        "ui/confirm.html",
        {
            "title": title,
            "question": question.format(name=person.display_name, username=person.username),
            "consequence": consequence,
            "confirm_label": title,
            "cancel_url": reverse("accounts:staff_edit", args=[person.pk]),
        },
    )


@login_required
def staff_unlock(request: HttpRequest, user_id: int) -> HttpResponse:
    return _confirmed_staff_action(
        request,
        user_id,
        action=signin.unlock_sign_in,
        done="已解除{name}的登录锁定。",
        title="解除登录锁定",
        question="确定解除{name}（{username}）因多次输错密码而被锁定的登录吗？",
        consequence="请先与本人确认是其本人在尝试登录；若不是，请让其尽快修改密码。",
    )


@login_required
def staff_reset_second_factor(request: HttpRequest, user_id: int) -> HttpResponse:
    return _confirmed_staff_action(
        request,
        user_id,
        action=signin.reset_second_factor,
        done="已重置{name}的身份验证器，其下次登录时须重新绑定。",
        title="重置身份验证器",
        question="确定重置{name}（{username}）的身份验证器和恢复码吗？",
        consequence="用于手机丢失或更换。重置后原验证码和恢复码全部作废，"
        "本人下次登录时须用新手机重新绑定。请先当面核实本人身份。",
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

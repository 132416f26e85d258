"""Candidate pages (网上报名 on a phone) and the desk's window registration (窗口报名): thin views,
every read through registration.selectors and every write through registration.services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from skillcert.core.accounts import services as account_services
from skillcert.core.accounts.views import acting_agency
from skillcert.core.errors import DomainError, PermissionDenied
from skillcert.core.identity import InvalidIdNumber, decrypt_id_number
from skillcert.core.ui.forms import form_error
from skillcert.registration import access, selectors
from skillcert.registration.errors import LinkRequired
from skillcert.registration.forms import (
    ApplicationForm,
    LinkCodeForm,
    SignupForm,
    WindowSearchForm,
)
from skillcert.registration.models import Application, Channel, LinkState
from skillcert.registration.services import applications, linking

PERSON_FIELDS = ("id_type", "name", "ethnicity", "education", "phone", "source")
PERSON_FIELDS += ("employer", "address", "email")


def _save(request: HttpRequest, form: ApplicationForm, *, channel: str) -> Application | None:
    """Register the person and create the application (one use case, one transaction): a
    refusal writes nothing, and the form keeps everything typed."""
    try:
        return applications.register_and_apply(
            actor=request.user,
            batch_level=form.cleaned_data["batch_level"],
            person=form.person(),
            channel=channel,
            facts=form.facts(),
            claimed_ordinal=form.cleaned_data.get("claimed_ordinal"),
        )
    except LinkRequired:
        raise  # the caller offers proof instead of a form error
    except DomainError as error:
        form_error(form, error)
        return None


# --- candidate account and online registration ------------------------------------------------


def _apply_url(batch_id: str) -> str:
    """The 申报表, with the batch the candidate came from (a public page's 网上报名 link)."""
    url = reverse("registration:apply")
    return f"{url}?batch={batch_id}" if batch_id.isdigit() else url


def signup(request: HttpRequest) -> HttpResponse:
    """A candidate's own account (细则第三条: 网上报名), then straight on to the 申报表."""
    batch_id = (request.GET.get("batch") or request.POST.get("batch") or "").strip()
    if request.user.is_authenticated:
        return redirect(_apply_url(batch_id))
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user = account_services.create_candidate_account(
                username=d["username"] or d["phone"],
                full_name=d["full_name"],
                phone=d["phone"],
                email=d["email"],
                initial_password=d["password"],
            )
        except account_services.AccountError as error:
            field = {"initial_password": "password"}.get(error.field or "", error.field)
            form.add_error(field if field in form.fields else None, error.message)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "账户已创建，请填写申报表。")
            return redirect(_apply_url(batch_id))
    login_url = reverse("accounts:login") + "?next=" + _apply_url(batch_id)
    return render(
        request,
        "registration/signup.html",
        {"form": form, "batch_id": batch_id if batch_id.isdigit() else "", "login_url": login_url},
    )


@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    access.require_candidate(request.user)
    apps = selectors.applications_of_user(request.user)
    return render(request, "registration/my_applications.html", {"applications": apps})


# What the candidate typed, kept while they prove who they are (the ID number is not kept: it is
# read back from the record once it is theirs).
DRAFT_KEY = "registration.apply_draft"


@login_required
def apply(request: HttpRequest) -> HttpResponse:
    access.require_candidate(request.user)
    levels = selectors.levels_of_batches(selectors.open_batches())
    existing = selectors.latest_record_of(request.user)
    initial: dict[str, Any] = {"name": request.user.full_name, "phone": request.user.phone}
    if existing:
        initial.update({k: getattr(existing, k) for k in PERSON_FIELDS})
    draft = request.session.pop(DRAFT_KEY, None) if request.method == "GET" else None
    if draft:
        initial.update(draft.get("data", {}))
        linked = selectors.linked_record(request.user, draft.get("candidate"))
        if linked is not None:
            initial["id_number"] = decrypt_id_number(linked.id_number)
    wanted = request.GET.get("batch", "")
    if wanted.isdigit():
        # Coming from a batch's public page: that batch's first level is chosen already.
        first = selectors.first_level_of_batch(levels, int(wanted))
        if first is not None:
            initial["batch_level"] = first.pk
    form = ApplicationForm(request.POST or None, levels=levels, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            app = _save(request, form, channel=Channel.ONLINE)
        except LinkRequired as required:
            link = linking.request_link(actor=request.user, candidate_id=required.candidate_id)
            data = {k: v for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken",)}
            data.pop("id_number", None)
            request.session[DRAFT_KEY] = {"data": data, "candidate": required.candidate_id}
            messages.info(request, required.message)
            return redirect("registration:link_record", link.pk)
        if app is not None:
            messages.success(request, "申报已保存。请上传材料，核对后提交审核。")
            return redirect("registration:my_application", app.pk)
    return render(
        request,
        "registration/apply.html",
        {"form": form, "window": False, "no_batches": not levels.exists()},
        status=400 if form.errors else 200,
    )


def _link_page(
    request: HttpRequest, link: Any, *, form: LinkCodeForm | None = None, status: int = 200
) -> HttpResponse:
    rules = linking.code_rules()
    return render(
        request,
        "registration/link_record.html",
        {
            "link": link,
            "agency": link.candidate.agency,
            "phone": linking.masked_phone_on_file(link),
            "form": form or LinkCodeForm(),
            "code_sent": bool(link.code_hash),
            "locked": link.state == LinkState.LOCKED,
            "sends_left": max(0, rules.max_sends - link.sends),
            "ttl_minutes": int(rules.ttl.total_seconds() // 60),
        },
        status=status,
    )


@login_required
def link_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Prove you are the person of an agency's record before your account may use it: a code
    to the phone on file, or the agency's desk. Shows nothing of the record but a masked phone."""
    link = selectors.link_request_for(request.user, pk)  # only the account's own: others 404
    if link.state == LinkState.LINKED:
        messages.success(request, "账户已关联，请继续填写申报表。")
        return redirect("registration:apply")
    if request.method != "POST":
        return _link_page(request, link)
    if "send" in request.POST:
        try:
            link = linking.send_link_code(actor=request.user, link=link)
        except DomainError as error:
            messages.error(request, error.message)
            return _link_page(request, link, status=400)
        messages.success(request, f"验证码已发送至 {linking.masked_phone_on_file(link)}。")
        return redirect("registration:link_record", link.pk)
    form = LinkCodeForm(request.POST)
    if form.is_valid():
        try:
            linking.confirm_link_code(actor=request.user, link=link, code=form.cleaned_data["code"])
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, "验证成功，考生记录已关联到您的账户。请核对后保存申报。")
            return redirect("registration:apply")
    link.refresh_from_db()
    return _link_page(request, link, form=form, status=400)


# --- window registration by desk staff --------------------------------------------------------


@login_required
def window_register(request: HttpRequest) -> HttpResponse:
    agency = acting_agency(request)
    if not access.is_desk(request.user, agency):
        raise PermissionDenied("窗口报名须由评价机构考务人员办理。")
    levels = selectors.levels_of_batches(
        [b for b in selectors.open_batches() if b.agency_id == agency.pk]
    )
    search = WindowSearchForm(request.GET or None)
    initial: dict[str, Any] = {}
    found = None
    if search.is_valid() and search.cleaned_data["id_number"]:
        try:
            found = selectors.candidate_by_id_number(agency, search.cleaned_data["id_number"])
        except InvalidIdNumber as error:
            search.add_error("id_number", error.message)
        else:
            if found is None:
                messages.info(request, "本机构尚无该证件号码的考生记录，请填写下面的申报表。")
            else:
                initial = {k: getattr(found, k) for k in PERSON_FIELDS}
                initial["id_number"] = search.cleaned_data["id_number"]
    form = ApplicationForm(request.POST or None, levels=levels, initial=initial)
    if request.method == "POST" and form.is_valid():
        app = _save(request, form, channel=Channel.WINDOW)
        if app is not None:
            messages.success(request, f"已为{app.candidate.name}登记申报，请上传或核验材料后提交。")
            return redirect("registration:my_application", app.pk)
    return render(
        request,
        "registration/apply.html",
        {
            "form": form,
            "window": True,
            "search": search,
            "found": found,
            "agency": agency,
            "no_batches": not levels.exists(),
        },
        status=400 if form.errors else 200,
    )

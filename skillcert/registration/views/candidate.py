"""Candidate pages (网上报名 on a phone) and the desk's window registration (窗口报名): thin views,
every read through registration.selectors and every write through registration.services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse

from skillcert.core.accounts import services as account_services
from skillcert.core.accounts.views import acting_agency
from skillcert.core.errors import DomainError, NotFound, PermissionDenied
from skillcert.core.identity import InvalidIdNumber, decrypt_id_number, reveal_id_number
from skillcert.core.ui.forms import form_error
from skillcert.registration import access, selectors
from skillcert.registration.errors import LinkRequired, MissingMaterials
from skillcert.registration.forms import (
    ApplicationForm,
    DeskLinkForm,
    LinkCodeForm,
    MaterialForm,
    SignupForm,
    VerifyOnlineForm,
    WindowSearchForm,
    initial_from,
)
from skillcert.registration.models import Application, ApplicationState, Channel, LinkState
from skillcert.registration.pdf import render_application_form
from skillcert.registration.services import applications, linking, materials
from skillcert.registration.services.eligibility import evaluate_application

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
                password=d["password"],
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
        first = levels.filter(batch_id=int(wanted)).first()
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


# --- one application: facts, materials, submit, withdraw --------------------------------------


def _own_or_desk(request: HttpRequest, pk: int) -> Application:
    app = selectors.application_for(request.user, pk)
    access.require_own_or_desk(request.user, app)
    return app


def _detail_context(request: HttpRequest, app: Application, **extra: Any) -> dict[str, Any]:
    own = app.candidate.user_id == request.user.pk
    desk = access.is_desk(request.user, app.agency)
    editable = applications.is_editable(app)
    try:
        evaluation = evaluate_application(app)
    except DomainError:
        evaluation = None
    missing = materials.missing_labels(app, materials.kinds_for_submission(app))
    context = {
        "app": app,
        "own": own,
        "desk": desk,
        "editable": editable,
        "can_upload": editable or (desk and app.state == ApplicationState.SUBMITTED),
        "evaluation": evaluation,
        "materials": selectors.materials_of(app),
        "missing": missing,
        "missing_evidence": [k for k in materials.missing_labels(app) if k not in missing],
        "submit_error": "",
        "decisions": selectors.decisions_of(app),
        "material_form": MaterialForm(),
        "verify_form": VerifyOnlineForm() if desk else None,
        "link_form": DeskLinkForm() if desk else None,
        "pending_links": list(selectors.pending_link_requests(app.candidate)) if desk else [],
        "full_id": None,
        "can_withdraw": applications.can_transition(app, ApplicationState.WITHDRAWN),
    }
    context.update(extra)
    return context


@login_required
def edit_application(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a draft or a returned application (退回修改): contact details and facts; the ID
    number and the level stay as registered."""
    app = _own_or_desk(request, pk)
    applications.require_editable(app)
    levels = selectors.level_of_application(app)
    form = ApplicationForm(request.POST or None, levels=levels, initial=initial_from(app))
    for name in ("batch_level", "id_type", "id_number"):
        form.fields[name].disabled = True
        form.fields[name].required = False
    if request.method == "POST" and form.is_valid():
        try:
            applications.correct_application(
                actor=request.user,
                application=app,
                person=form.person(),
                facts=form.facts(),
                claimed_ordinal=form.cleaned_data.get("claimed_ordinal"),
            )
        except DomainError as error:
            form_error(form, error)
        else:
            again = "再次" if app.state == ApplicationState.RETURNED else ""
            messages.success(request, f"申报已修改。核对材料后请{again}提交审核。")
            return redirect("registration:my_application", app.pk)
    return render(
        request,
        "registration/apply.html",
        {"form": form, "window": False, "editing": app, "no_batches": False},
        status=400 if form.errors else 200,
    )


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    app = _own_or_desk(request, pk)
    return render(request, "registration/application.html", _detail_context(request, app))


@login_required
def link_account_at_desk(request: HttpRequest, pk: int) -> HttpResponse:
    """The desk links a candidate's account to this agency's record after checking the ID card."""
    app = _own_or_desk(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = DeskLinkForm(request.POST)
    if form.is_valid():
        try:
            linking.link_at_desk(
                actor=request.user, candidate=app.candidate, username=form.cleaned_data["username"]
            )
        except DomainError as error:
            form_error(form, error)
        else:
            username = form.cleaned_data["username"]
            messages.success(request, f"已将账户 {username} 关联到该考生记录。")
            return redirect("registration:my_application", app.pk)
    return render(
        request,
        "registration/application.html",
        _detail_context(request, app, link_form=form),
        status=400,
    )


@login_required
def reveal_id(request: HttpRequest, pk: int) -> HttpResponse:
    """The full ID number for the desk, recorded in the audit trail (identity.reveal)."""
    app = _own_or_desk(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    full = reveal_id_number(actor=request.user, obj=app.candidate, agency=app.agency)
    return render(
        request, "registration/application.html", _detail_context(request, app, full_id=full)
    )


@login_required
def material_upload(request: HttpRequest, pk: int) -> HttpResponse:
    app = _own_or_desk(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            materials.add_material(
                actor=request.user,
                application=app,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            messages.success(request, "材料已上传。")
            return redirect("registration:my_application", app.pk)
    return render(
        request,
        "registration/application.html",
        _detail_context(request, app, material_form=form),
        status=400,
    )


@login_required
def material_verify(request: HttpRequest, pk: int) -> HttpResponse:
    app = _own_or_desk(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = VerifyOnlineForm(request.POST)
    if form.is_valid():
        try:
            materials.verify_material_online(
                actor=request.user, application=app, **form.cleaned_data
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, "已登记在线核验。")
            return redirect("registration:my_application", app.pk)
    return render(
        request,
        "registration/application.html",
        _detail_context(request, app, verify_form=form),
        status=400,
    )


def _material(request: HttpRequest, pk: int) -> Any:
    material = selectors.material_for(request.user, pk)
    if not access.may_see_materials(request.user, material.application):
        raise NotFound("未找到该材料，或您无权查看。")
    return material


@login_required
def material_file(request: HttpRequest, pk: int) -> HttpResponse:
    material = _material(request, pk)
    if not material.file:
        raise NotFound("该材料为在线核验，没有文件。")
    response = FileResponse(
        materials.open_material_file(actor=request.user, material=material),
        content_type=material.content_type,
    )
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def material_remove(request: HttpRequest, pk: int) -> HttpResponse:
    material = _material(request, pk)
    back = reverse("registration:my_application", args=[material.application_id])
    if request.method == "POST":
        materials.remove_material(actor=request.user, material=material)
        messages.success(request, "材料已删除。")
        return redirect(back)
    return render(
        request,
        "ui/confirm.html",
        {
            "title": "删除材料",
            "question": f"确定删除“{material.get_kind_display()}”吗？",
            "consequence": "删除后需重新上传。",
            "confirm_label": "删除",
            "cancel_url": back,
        },
    )


@login_required
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    app = _own_or_desk(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        applications.submit_application(actor=request.user, application=app)
    except MissingMaterials as error:
        # The page comes back with the upload form still there and the refusal beside it.
        return render(
            request,
            "registration/application.html",
            _detail_context(request, app, submit_error=error.message),
            status=error.status,
        )
    messages.success(request, "申报已提交，等待评价机构审核。审核结果会通过站内消息和短信通知。")
    return redirect("registration:my_application", app.pk)


@login_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    app = _own_or_desk(request, pk)
    back = reverse("registration:my_application", args=[app.pk])
    if request.method == "POST":
        applications.withdraw_application(actor=request.user, application=app)
        messages.success(request, "申报已撤回。")
        return redirect(back)
    return render(
        request,
        "ui/confirm.html",
        {
            "title": "撤回申报",
            "question": f"确定撤回{app.candidate.name}的{app.batch_level}申报吗？",
            "consequence": "撤回后本批次同一职业等级不能再次申报。",
            "confirm_label": "撤回申报",
            "cancel_url": back,
        },
    )


@login_required
def application_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """《职业技能等级认定申报表》 to print and sign: the full ID only for the candidate and the
    agency's desk (it is a form the candidate signs, not a public page)."""
    app = _own_or_desk(request, pk)
    if app.candidate.user_id == request.user.pk:
        full = decrypt_id_number(app.candidate.id_number)
    else:
        full = reveal_id_number(actor=request.user, obj=app.candidate, agency=app.agency)
    data = render_application_form(app, id_number=full)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="application-{app.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response

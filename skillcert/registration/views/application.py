"""One application's pages, for its candidate and the agency's desk: the facts and their check,
materials, submit, withdraw, linking an account at the desk, and the 申报表 PDF."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse

from skillcert.core.errors import DomainError, NotFound
from skillcert.core.identity import decrypt_id_number, reveal_id_number
from skillcert.core.ui.actions import accepted
from skillcert.core.ui.forms import form_error
from skillcert.registration import access, selectors
from skillcert.registration.errors import MissingMaterials
from skillcert.registration.forms import (
    ApplicationForm,
    DeskLinkForm,
    MaterialForm,
    VerifyOnlineForm,
    initial_from,
)
from skillcert.registration.models import Application, ApplicationState
from skillcert.registration.pdf import render_application_form
from skillcert.registration.services import applications, linking, materials, states
from skillcert.registration.services.eligibility import evaluate_application

# --- one application: facts, materials, submit, withdraw --------------------------------------


def _own_or_desk(request: HttpRequest, pk: int) -> Application:
    app = selectors.application_for(request.user, pk)
    access.require_own_or_desk(request.user, app)
    return app


def _detail_context(request: HttpRequest, app: Application, **extra: Any) -> dict[str, Any]:
    own = app.candidate.user_id == request.user.pk
    desk = access.is_desk(request.user, app.agency)
    editable = states.is_editable(app)
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
        "can_upload": states.may_add_materials(app, by_desk=desk),
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
        "can_withdraw": states.can_transition(app, ApplicationState.WITHDRAWN),
    }
    context.update(extra)
    return context


@login_required
def edit_application(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a draft or a returned application (退回修改): contact details and facts; the ID
    number and the level stay as registered."""
    app = _own_or_desk(request, pk)
    states.require_editable(app)
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
            again = "再次" if states.was_returned(app) else ""
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
    done = accepted(
        request,
        form,
        lambda data: linking.link_at_desk(
            actor=request.user, candidate=app.candidate, username=data["username"]
        ),
        done=lambda data: f"已将账户 {data['username']} 关联到该考生记录。",
        then=reverse("registration:my_application", args=[app.pk]),
    )
    return done or render(
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
    done = accepted(
        request,
        form,
        lambda data: materials.add_material(
            actor=request.user, application=app, kind=data["kind"], upload=data["file"]
        ),
        done="材料已上传。",
        then=reverse("registration:my_application", args=[app.pk]),
        field="file",
    )
    return done or render(
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
    done = accepted(
        request,
        form,
        lambda data: materials.verify_material_online(actor=request.user, application=app, **data),
        done="已登记在线核验。",
        then=reverse("registration:my_application", args=[app.pk]),
    )
    return done or render(
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

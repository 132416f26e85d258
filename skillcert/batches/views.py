"""Batch pages: list, create and edit, the detail page with its deadline timeline, levels and
sessions, state moves, supervisors' exceptions and the deadline-risk list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from skillcert.batches import selectors, services
from skillcert.batches.changes import CHANGEABLE_STATES
from skillcert.batches.deadlines import timeline
from skillcert.batches.forms import (
    BatchFilterForm,
    BatchForm,
    ExceptionForm,
    LevelForm,
    ListFilterForm,
    SessionForm,
    TransitionForm,
)
from skillcert.batches.models import BatchLevel, BatchState
from skillcert.core.accounts.models import Role
from skillcert.core.accounts.permissions import has_role, require_any_role, require_role
from skillcert.core.accounts.roles import AGENCY_OFFICE, EXAM_OFFICE
from skillcert.core.accounts.supervision import supervises
from skillcert.core.accounts.views import acting_agency
from skillcert.core.calendar import CalendarUnavailable
from skillcert.core.errors import DomainError, NotFound
from skillcert.core.ui.forms import form_error
from skillcert.core.ui.pagination import PAGE_SIZE, paginate


@login_required
def batch_list(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    agency = membership.agency if membership is not None else None
    filters = BatchFilterForm(request.GET or None)
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    batches = selectors.batches_for(
        request.user, agency=agency, search=cleaned.get("q", ""), state=cleaned.get("state", "")
    )
    page, query = paginate(request, batches, PAGE_SIZE)
    return render(
        request,
        "batches/batch_list.html",
        {
            "agency": agency,
            "filters": filters,
            "page": page,
            "query": query,
            "can_create": agency is not None and has_role(request.user, agency, *EXAM_OFFICE),
        },
    )


@login_required
def batch_create(request: HttpRequest) -> HttpResponse:
    agency = acting_agency(request)
    require_role(request.user, agency, *EXAM_OFFICE)
    form = BatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.create_batch(actor=request.user, agency=agency, **form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, f"已创建批次“{batch.code}”，请添加职业等级和场次。")
            return redirect("batches:detail", batch.pk)
    return render(request, "batches/batch_form.html", {"form": form, "agency": agency})


@login_required
def batch_edit(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = selectors.batch_for(request.user, batch_id)
    require_role(request.user, batch.agency, *EXAM_OFFICE)
    fields = ["code", "name", "first_exam_day", "last_exam_day", "notes"]
    form = BatchForm(request.POST or None, initial={k: getattr(batch, k) for k in fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_batch(actor=request.user, batch=batch, **form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, "批次资料已保存。")
            return redirect("batches:detail", batch.pk)
    return render(
        request, "batches/batch_form.html", {"form": form, "batch": batch, "agency": batch.agency}
    )


@login_required
def batch_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = selectors.batch_for(request.user, batch_id)
    today = timezone.localdate()
    try:
        steps, calendar_error = timeline(batch, today=today), None
    except CalendarUnavailable as error:
        steps, calendar_error = [], error.message
    user = request.user
    can_plan = has_role(user, batch.agency, *EXAM_OFFICE)
    is_supervisor = supervises(user, batch.agency)
    return render(
        request,
        "batches/batch_detail.html",
        {
            "batch": batch,
            "steps": steps,
            "calendar_error": calendar_error,
            "levels": batch.levels.select_related(
                "standard_level__standard__occupation", "standard_level__standard__trade"
            ),
            "sessions": selectors.sessions_of(batch),
            "changes": selectors.changes_of(batch),
            "can_plan": can_plan,
            "editable": can_plan and batch.state in services.EDITABLE_STATES,
            "can_request_change": can_plan and batch.state in CHANGEABLE_STATES,
            "gaps": selectors.missing_sessions(batch),
            "can_see_readiness": has_role(user, batch.agency, *AGENCY_OFFICE) or is_supervisor,
            "is_supervisor": is_supervisor,
            "transitions": services.manual_transitions(batch) if can_plan else [],
            "exception_form": ExceptionForm() if is_supervisor else None,
            "today": today,
        },
    )


@login_required
def level_add(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = selectors.batch_for(request.user, batch_id)
    require_role(request.user, batch.agency, *EXAM_OFFICE)
    form = LevelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_batch_level(actor=request.user, batch=batch, **form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, "已添加职业等级。")
            return redirect("batches:detail", batch.pk)
    return render(request, "batches/level_form.html", {"form": form, "batch": batch})


@login_required
def level_remove(request: HttpRequest, level_id: int) -> HttpResponse:
    batch_level = (
        BatchLevel.objects.filter(pk=level_id).select_related("batch", "standard_level").first()
    )
    if batch_level is None:
        raise NotFound("未找到该记录，或您无权查看。")
    batch = selectors.batch_for(request.user, batch_level.batch_id)
    require_role(request.user, batch.agency, *EXAM_OFFICE)
    if request.method == "POST":
        try:
            services.remove_batch_level(actor=request.user, batch_level=batch_level)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已移除“{batch_level}”。")
        return redirect("batches:detail", batch.pk)
    return render(
        request,
        "ui/confirm.html",
        {
            "title": "移除职业等级",
            "question": f"确定从批次“{batch.code}”移除“{batch_level}”吗？",
            "consequence": "该等级下须没有场次。",
            "confirm_label": "确认移除",
            "cancel_url": reverse("batches:detail", args=[batch.pk]),
        },
    )


def _session_values(data: dict) -> dict:
    values = dict(data)
    values["rooms"] = list(values["rooms"])
    return values


@login_required
def session_add(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = selectors.batch_for(request.user, batch_id)
    require_role(request.user, batch.agency, *EXAM_OFFICE)
    form = SessionForm(request.POST or None, batch=batch, initial={"date": batch.first_exam_day})
    if request.method == "POST" and form.is_valid():
        values = _session_values(form.cleaned_data)
        subject = values["subject"]
        batch_level = batch.levels.filter(standard_level=subject.standard_level).first()
        try:
            services.add_session(actor=request.user, batch=batch, batch_level=batch_level, **values)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, "已添加场次。")
            return redirect("batches:detail", batch.pk)
    return render(request, "batches/session_form.html", {"form": form, "batch": batch})


@login_required
def session_edit(request: HttpRequest, session_id: int) -> HttpResponse:
    session = selectors.session_for(request.user, session_id)
    batch = session.batch
    require_role(request.user, batch.agency, *EXAM_OFFICE)
    initial = {
        "date": session.date,
        "start_time": session.start_time,
        "end_time": session.end_time,
        "site": session.site,
        "rooms": list(session.rooms.all()),
        "expected_candidates": session.expected_candidates,
    }
    form = SessionForm(request.POST or None, batch=batch, with_subject=False, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_session(
                actor=request.user, session=session, **_session_values(form.cleaned_data)
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, "场次已保存。")
            return redirect("batches:detail", batch.pk)
    return render(
        request, "batches/session_form.html", {"form": form, "batch": batch, "session": session}
    )


@login_required
def session_remove(request: HttpRequest, session_id: int) -> HttpResponse:
    session = selectors.session_for(request.user, session_id)
    batch = session.batch
    require_role(request.user, batch.agency, *EXAM_OFFICE)
    if request.method == "POST":
        try:
            services.remove_session(actor=request.user, session=session)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "已删除场次。")
        return redirect("batches:detail", batch.pk)
    return render(
        request,
        "ui/confirm.html",
        {
            "title": "删除场次",
            "question": f"确定删除场次“{session}”吗？",
            "consequence": "删除后不可恢复，须重新添加。",
            "confirm_label": "确认删除",
            "cancel_url": reverse("batches:detail", args=[batch.pk]),
        },
    )


@login_required
def batch_transition(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = selectors.batch_for(request.user, batch_id)  # 404 before 405: tells nothing
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择要变更的状态。")
        return redirect("batches:detail", batch.pk)
    try:
        services.transition_batch(
            actor=request.user,
            batch=batch,
            to=BatchState(form.cleaned_data["to"]),
            reason=form.cleaned_data["reason"],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"批次状态已变更为“{BatchState(form.cleaned_data['to']).label}”。"
        )
    return redirect("batches:detail", batch.pk)


@login_required
def exception_grant(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = selectors.batch_for(request.user, batch_id)
    if not supervises(request.user, batch.agency):
        require_any_role(request.user, [Role.CITY_SUPERVISOR, Role.PROVINCIAL_SUPERVISOR])
    form = ExceptionForm(request.POST or None, initial={"step": request.GET.get("step", "")})
    if request.method == "POST" and form.is_valid():
        try:
            services.grant_deadline_exception(actor=request.user, batch=batch, **form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, "已准予时限例外，并记入审计日志。")
            return redirect("batches:detail", batch.pk)
    return render(request, "batches/exception_form.html", {"form": form, "batch": batch})


@login_required
def risk_list(request: HttpRequest) -> HttpResponse:
    require_any_role(request.user, [Role.CITY_SUPERVISOR, Role.PROVINCIAL_SUPERVISOR])
    filters = ListFilterForm(request.GET or None)
    search = filters.cleaned_data.get("q", "") if filters.is_valid() else ""
    rows = selectors.deadline_risks(request.user, today=timezone.localdate(), search=search)
    page, query = paginate(request, rows, PAGE_SIZE)
    return render(
        request, "batches/risk_list.html", {"page": page, "query": query, "filters": filters}
    )

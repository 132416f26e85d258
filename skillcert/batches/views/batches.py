"""Batch pages: list, create and edit, the detail page with its deadline timeline, levels and
sessions, state moves, supervisors' exceptions and the deadline-risk list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from skillcert.batches import access, selectors
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
from skillcert.batches.models import BatchState
from skillcert.batches.services import batches as planning
from skillcert.batches.services import sessions, transitions
from skillcert.batches.services.changes import CHANGEABLE_STATES
from skillcert.batches.services.sessions import SessionSlot
from skillcert.core.accounts.supervision import supervises
from skillcert.core.accounts.views import acting_agency
from skillcert.core.calendar import CalendarUnavailable
from skillcert.core.ui.actions import act, confirmed_action, form_page
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
            "can_create": agency is not None and access.can_plan(request.user, agency),
        },
    )


@login_required
def batch_create(request: HttpRequest) -> HttpResponse:
    agency = acting_agency(request)
    access.require_planner(request.user, agency)
    form = BatchForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: planning.create_batch(actor=request.user, agency=agency, **data),
        done=lambda batch: f"已创建批次“{batch.code}”，请添加职业等级和场次。",
        then=lambda batch: reverse("batches:detail", args=[batch.pk]),
        template="batches/batch_form.html",
        context={"agency": agency},
    )


@login_required
def batch_edit(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = selectors.batch_for(request.user, batch_id)
    access.require_planner(request.user, batch.agency)
    fields = ["code", "name", "first_exam_day", "last_exam_day", "notes"]
    form = BatchForm(request.POST or None, initial={k: getattr(batch, k) for k in fields})
    return form_page(
        request,
        form,
        lambda data: planning.update_batch(actor=request.user, batch=batch, **data),
        done="批次资料已保存。",
        then=reverse("batches:detail", args=[batch.pk]),
        template="batches/batch_form.html",
        context={"batch": batch, "agency": batch.agency},
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
    can_plan = access.can_plan(user, batch.agency)
    is_supervisor = supervises(user, batch.agency)
    return render(
        request,
        "batches/batch_detail.html",
        {
            "batch": batch,
            "steps": steps,
            "calendar_error": calendar_error,
            "levels": selectors.levels_of(batch),
            "sessions": selectors.sessions_of(batch),
            "changes": selectors.changes_of(batch),
            "can_plan": can_plan,
            "editable": can_plan and batch.state in planning.EDITABLE_STATES,
            "can_request_change": can_plan and batch.state in CHANGEABLE_STATES,
            "gaps": selectors.missing_sessions(batch),
            "can_see_readiness": access.can_see_readiness(user, batch.agency),
            "is_supervisor": is_supervisor,
            "transitions": transitions.manual_transitions(batch) if can_plan else [],
            "exception_form": ExceptionForm() if is_supervisor else None,
            "today": today,
        },
    )


@login_required
def level_add(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = selectors.batch_for(request.user, batch_id)
    access.require_planner(request.user, batch.agency)
    form = LevelForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: planning.add_batch_level(actor=request.user, batch=batch, **data),
        done="已添加职业等级。",
        then=reverse("batches:detail", args=[batch.pk]),
        template="batches/level_form.html",
        context={"batch": batch},
    )


@login_required
def level_remove(request: HttpRequest, level_id: int) -> HttpResponse:
    batch_level = selectors.batch_level_for(request.user, level_id)
    batch = batch_level.batch
    access.require_planner(request.user, batch.agency)
    return confirmed_action(
        request,
        lambda: planning.remove_batch_level(actor=request.user, batch_level=batch_level),
        done=f"已移除“{batch_level}”。",
        back=reverse("batches:detail", args=[batch.pk]),
        title="移除职业等级",
        question=f"确定从批次“{batch.code}”移除“{batch_level}”吗？",
        consequence="该等级下须没有场次。",
        confirm_label="确认移除",
        cancel_url=reverse("batches:detail", args=[batch.pk]),
    )


def session_initial(session: object) -> dict[str, object]:
    """A session's time and place as a form's initial values (editing it, or asking to move it)."""
    return {
        "date": session.date,
        "start_time": session.start_time,
        "end_time": session.end_time,
        "site": session.site,
        "rooms": selectors.rooms_of_session(session),
    }


def session_values(data: dict) -> dict:
    """A session form's fields as the services take them: the time and place as one slot."""
    values = dict(data)
    values["slot"] = SessionSlot(
        date=values.pop("date"),
        start_time=values.pop("start_time"),
        end_time=values.pop("end_time"),
        site=values.pop("site"),
        rooms=values.pop("rooms"),
    )
    return values


@login_required
def session_add(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = selectors.batch_for(request.user, batch_id)
    access.require_planner(request.user, batch.agency)
    form = SessionForm(request.POST or None, batch=batch, initial={"date": batch.first_exam_day})

    def save(data: dict) -> object:
        values = session_values(data)
        batch_level = selectors.level_of_subject(batch, values["subject"])
        return sessions.add_session(
            actor=request.user, batch=batch, batch_level=batch_level, **values
        )

    return form_page(
        request,
        form,
        save,
        done="已添加场次。",
        then=reverse("batches:detail", args=[batch.pk]),
        template="batches/session_form.html",
        context={"batch": batch},
    )


@login_required
def session_edit(request: HttpRequest, session_id: int) -> HttpResponse:
    session = selectors.session_for(request.user, session_id)
    batch = session.batch
    access.require_planner(request.user, batch.agency)
    initial = {**session_initial(session), "expected_candidates": session.expected_candidates}
    form = SessionForm(request.POST or None, batch=batch, with_subject=False, initial=initial)
    return form_page(
        request,
        form,
        lambda data: sessions.update_session(
            actor=request.user, session=session, **session_values(data)
        ),
        done="场次已保存。",
        then=reverse("batches:detail", args=[batch.pk]),
        template="batches/session_form.html",
        context={"batch": batch, "session": session},
    )


@login_required
def session_remove(request: HttpRequest, session_id: int) -> HttpResponse:
    session = selectors.session_for(request.user, session_id)
    batch = session.batch
    access.require_planner(request.user, batch.agency)
    return confirmed_action(
        request,
        lambda: sessions.remove_session(actor=request.user, session=session),
        done="已删除场次。",
        back=reverse("batches:detail", args=[batch.pk]),
        title="删除场次",
        question=f"确定删除场次“{session}”吗？",
        consequence="删除后不可恢复，须重新添加。",
        confirm_label="确认删除",
        cancel_url=reverse("batches:detail", args=[batch.pk]),
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
    to = BatchState(form.cleaned_data["to"])
    act(
        request,
        lambda: transitions.transition_batch(
            actor=request.user, batch=batch, to=to, reason=form.cleaned_data["reason"]
        ),
        done=f"批次状态已变更为“{to.label}”。",
    )
    return redirect("batches:detail", batch.pk)


@login_required
def exception_grant(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = selectors.batch_for(request.user, batch_id)
    access.require_supervisor_page(request.user, batch.agency)
    form = ExceptionForm(request.POST or None, initial={"step": request.GET.get("step", "")})
    return form_page(
        request,
        form,
        lambda data: planning.grant_deadline_exception(actor=request.user, batch=batch, **data),
        done="已准予时限例外，并记入审计日志。",
        then=reverse("batches:detail", args=[batch.pk]),
        template="batches/exception_form.html",
        context={"batch": batch},
    )


@login_required
def risk_list(request: HttpRequest) -> HttpResponse:
    access.require_supervisor(request.user)
    filters = ListFilterForm(request.GET or None)
    search = filters.cleaned_data.get("q", "") if filters.is_valid() else ""
    rows = selectors.deadline_risks(request.user, today=timezone.localdate(), search=search)
    page, query = paginate(request, rows, PAGE_SIZE)
    return render(
        request, "batches/risk_list.html", {"page": page, "query": query, "filters": filters}
    )

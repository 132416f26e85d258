"""Pages for changes of time or place (细则第十条): request, supervisors' queue, decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from skillcert.batches import changes, selectors
from skillcert.batches.forms import (
    AddLevelChangeForm,
    AddSessionChangeForm,
    ChangeRequestForm,
    DecisionForm,
    ListFilterForm,
)
from skillcert.batches.models import ChangeState
from skillcert.core.accounts.models import Role
from skillcert.core.accounts.permissions import has_role, require_any_role, require_role
from skillcert.core.accounts.roles import EXAM_OFFICE
from skillcert.core.accounts.supervision import require_supervisor_of, supervises
from skillcert.core.errors import DomainError
from skillcert.core.ui.forms import form_error
from skillcert.core.ui.pagination import PAGE_SIZE, paginate


@login_required
def change_request(request: HttpRequest, session_id: int) -> HttpResponse:
    session = selectors.session_for(request.user, session_id)
    require_role(request.user, session.batch.agency, *EXAM_OFFICE)
    initial = {
        "date": session.date,
        "start_time": session.start_time,
        "end_time": session.end_time,
        "site": session.site,
        "rooms": list(session.rooms.all()),
    }
    form = ChangeRequestForm(request.POST or None, agency=session.batch.agency, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        values["rooms"] = list(values["rooms"])
        try:
            changes.request_session_change(actor=request.user, session=session, **values)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, "变更申请已提交，待监管部门审批。")
            return redirect("batches:detail", session.batch_id)
    return render(request, "batches/change_form.html", {"form": form, "session": session})


@login_required
def change_add_session(request: HttpRequest, batch_id: int) -> HttpResponse:
    """Ask to add a session after the announcement; ``?subject=`` preselects a missing one."""
    batch = selectors.batch_for(request.user, batch_id)
    require_role(request.user, batch.agency, *EXAM_OFFICE)
    initial = {"date": batch.first_exam_day, "subject": request.GET.get("subject")}
    form = AddSessionChangeForm(request.POST or None, batch=batch, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        values["rooms"] = list(values["rooms"])
        try:
            changes.request_session_addition(actor=request.user, batch=batch, **values)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, "增加场次的变更申请已提交，待监管部门审批。")
            return redirect("batches:detail", batch.pk)
    return render(
        request,
        "batches/change_add_form.html",
        {"form": form, "batch": batch, "title": "申请增加场次"},
    )


@login_required
def change_add_level(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = selectors.batch_for(request.user, batch_id)
    require_role(request.user, batch.agency, *EXAM_OFFICE)
    form = AddLevelChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            changes.request_level_addition(actor=request.user, batch=batch, **form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, "增加职业等级的变更申请已提交，待监管部门审批。")
            return redirect("batches:detail", batch.pk)
    return render(
        request,
        "batches/change_add_form.html",
        {"form": form, "batch": batch, "title": "申请增加职业等级"},
    )


@login_required
def change_queue(request: HttpRequest) -> HttpResponse:
    require_any_role(request.user, [Role.CITY_SUPERVISOR, Role.PROVINCIAL_SUPERVISOR])
    filters = ListFilterForm(request.GET or None)
    search = filters.cleaned_data.get("q", "") if filters.is_valid() else ""
    page, query = paginate(
        request, selectors.pending_changes_for(request.user, search=search), PAGE_SIZE
    )
    return render(
        request, "batches/change_queue.html", {"page": page, "query": query, "filters": filters}
    )


@login_required
def change_detail(request: HttpRequest, change_id: int) -> HttpResponse:
    change = selectors.change_for(request.user, change_id)
    agency = change.batch.agency
    is_supervisor = supervises(request.user, agency)
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        require_supervisor_of(request.user, agency)
        if form.is_valid():
            decision = request.POST.get("decision")
            note = form.cleaned_data["note"]
            try:
                if decision == "approve":
                    changes.approve_change(actor=request.user, change=change, note=note)
                    messages.success(request, "已同意变更，场次已调整并通知相关人员。")
                else:
                    changes.reject_change(actor=request.user, change=change, note=note)
                    messages.success(request, "已退回变更申请。")
            except DomainError as error:
                form_error(form, error)
            else:
                return redirect("batches:change_queue")
    return render(
        request,
        "batches/change_detail.html",
        {
            "change": change,
            "form": form,
            "can_decide": is_supervisor and change.state == ChangeState.PENDING,
            "can_withdraw": has_role(request.user, agency, *EXAM_OFFICE)
            and change.state == ChangeState.PENDING,
        },
    )


@login_required
def change_withdraw(request: HttpRequest, change_id: int) -> HttpResponse:
    change = selectors.change_for(request.user, change_id)
    require_role(request.user, change.batch.agency, *EXAM_OFFICE)
    if request.method == "POST":
        try:
            changes.withdraw_change(actor=request.user, change=change)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "已撤回变更申请。")
        return redirect("batches:detail", change.batch_id)
    return render(
        request,
        "ui/confirm.html",
        {
            "title": "撤回变更申请",
            "question": f"确定撤回“{change.session}”的变更申请吗？",
            "consequence": "撤回后场次保持原安排；如仍需变更，须重新提交申请。",
            "confirm_label": "确认撤回",
            "cancel_url": reverse("batches:change_detail", args=[change.pk]),
        },
    )

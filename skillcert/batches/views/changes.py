"""Pages for changes of time or place (细则第十条): request, supervisors' queue, decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from skillcert.batches import access, selectors
from skillcert.batches.forms import (
    AddLevelChangeForm,
    AddSessionChangeForm,
    ChangeRequestForm,
    DecisionForm,
    ListFilterForm,
)
from skillcert.batches.models import ChangeState
from skillcert.batches.services import changes
from skillcert.batches.views.batches import session_initial, session_values
from skillcert.core.accounts.supervision import require_supervisor_of, supervises
from skillcert.core.ui.actions import confirmed_action, form_page, submitted
from skillcert.core.ui.pagination import PAGE_SIZE, paginate


@login_required
def change_request(request: HttpRequest, session_id: int) -> HttpResponse:
    session = selectors.session_for(request.user, session_id)
    access.require_planner(request.user, session.batch.agency)
    form = ChangeRequestForm(
        request.POST or None, agency=session.batch.agency, initial=session_initial(session)
    )
    return form_page(
        request,
        form,
        lambda data: changes.request_session_change(
            actor=request.user, session=session, **session_values(data)
        ),
        done="变更申请已提交，待监管部门审批。",
        then=reverse("batches:detail", args=[session.batch_id]),
        template="batches/change_form.html",
        context={"session": session},
    )


@login_required
def change_add_session(request: HttpRequest, batch_id: int) -> HttpResponse:
    """Ask to add a session after the announcement; ``?subject=`` preselects a missing one."""
    batch = selectors.batch_for(request.user, batch_id)
    access.require_planner(request.user, batch.agency)
    initial = {"date": batch.first_exam_day, "subject": request.GET.get("subject")}
    form = AddSessionChangeForm(request.POST or None, batch=batch, initial=initial)
    return form_page(
        request,
        form,
        lambda data: changes.request_session_addition(
            actor=request.user, batch=batch, **session_values(data)
        ),
        done="增加场次的变更申请已提交，待监管部门审批。",
        then=reverse("batches:detail", args=[batch.pk]),
        template="batches/change_add_form.html",
        context={"batch": batch, "title": "申请增加场次"},
    )


@login_required
def change_add_level(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = selectors.batch_for(request.user, batch_id)
    access.require_planner(request.user, batch.agency)
    form = AddLevelChangeForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: changes.request_level_addition(actor=request.user, batch=batch, **data),
        done="增加职业等级的变更申请已提交，待监管部门审批。",
        then=reverse("batches:detail", args=[batch.pk]),
        template="batches/change_add_form.html",
        context={"batch": batch, "title": "申请增加职业等级"},
    )


@login_required
def change_queue(request: HttpRequest) -> HttpResponse:
    access.require_supervisor(request.user)
    filters = ListFilterForm(request.GET or None)
    search = filters.cleaned_data.get("q", "") if filters.is_valid() else ""
    page, query = paginate(
        request, selectors.pending_changes_for(request.user, search=search), PAGE_SIZE
    )
    return render(
        request, "batches/change_queue.html", {"page": page, "query": query, "filters": filters}
    )


# What each decision does, and what the supervisor is told once it is done.
_DECISIONS = {
    "approve": (changes.approve_change, "已同意变更，场次已调整并通知相关人员。"),
    "reject": (changes.reject_change, "已退回变更申请。"),
}


@login_required
def change_detail(request: HttpRequest, change_id: int) -> HttpResponse:
    change = selectors.change_for(request.user, change_id)
    agency = change.batch.agency
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        require_supervisor_of(request.user, agency)
        # Anything but an approval is a rejection, which needs a note.
        decide, done = _DECISIONS.get(request.POST.get("decision"), _DECISIONS["reject"])
        saved, _ = submitted(
            request,
            form,
            lambda data: decide(actor=request.user, change=change, note=data["note"]),
        )
        if saved:
            messages.success(request, done)
            return redirect("batches:change_queue")
    pending = change.state == ChangeState.PENDING
    return render(
        request,
        "batches/change_detail.html",
        {
            "change": change,
            "form": form,
            "can_decide": supervises(request.user, agency) and pending,
            "can_withdraw": access.can_plan(request.user, agency) and pending,
        },
    )


@login_required
def change_withdraw(request: HttpRequest, change_id: int) -> HttpResponse:
    change = selectors.change_for(request.user, change_id)
    access.require_planner(request.user, change.batch.agency)
    return confirmed_action(
        request,
        lambda: changes.withdraw_change(actor=request.user, change=change),
        done="已撤回变更申请。",
        back=reverse("batches:detail", args=[change.batch_id]),
        title="撤回变更申请",
        question=f"确定撤回“{change.session}”的变更申请吗？",
        consequence="撤回后场次保持原安排；如仍需变更，须重新提交申请。",
        confirm_label="确认撤回",
        cancel_url=reverse("batches:change_detail", args=[change.pk]),
    )

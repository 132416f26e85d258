"""Signed-in pages of announcements (细则第一条) and exam plans (第二条): the agency's staff
draft and publish, the supervising centres read.

Thin: parse, call a selector or service, render. A refusal by a rule is shown on the page with
its reason; another agency's announcement, plan or batch is 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from skillcert.batches.announcements import access, selectors, services
from skillcert.batches.announcements.errors import AnnouncementError
from skillcert.batches.announcements.forms import (
    AnnouncementFilterForm,
    AnnouncementForm,
    PlanFilterForm,
    WithdrawForm,
)
from skillcert.batches.announcements.models import Announcement
from skillcert.batches.announcements.presenters import batch_deadlines, present_snapshot
from skillcert.batches.announcements.snapshots import exam_plan_snapshot
from skillcert.core.accounts.views import acting_agency
from skillcert.core.errors import DomainError, PermissionDenied
from skillcert.core.ui.forms import form_error
from skillcert.core.ui.pagination import paginate


def _can_edit(user: Any, announcement: Announcement) -> bool:
    return access.can_edit(user, announcement.agency)


def _can_publish(user: Any, announcement: Announcement) -> bool:
    return access.can_publish(user, announcement.agency)


def _readable_announcement(request: HttpRequest, pk: int) -> Announcement:
    announcement = selectors.get_announcement(request.user, pk)
    access.require_reader(request.user, announcement)
    return announcement


# --- staff pages ---------------------------------------------------------------------------------


@login_required
def announcement_list(request: HttpRequest) -> HttpResponse:
    agency = acting_agency(request)
    filters = AnnouncementFilterForm(request.GET or None)
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    access.require_editor(request.user, agency)
    rows = selectors.announcements_of(
        actor=request.user,
        agency=agency,
        search=cleaned.get("q", ""),
        status=cleaned.get("status", ""),
        period_kind=cleaned.get("period_kind", ""),
    )
    # 20 rows, not the shared PAGE_SIZE: the size this list has always had, kept unchanged.
    page, query = paginate(request, rows, 20)
    return render(
        request,
        "announcements/list.html",
        {"agency": agency, "filters": filters, "page": page, "query": query},
    )


@login_required
def announcement_create(request: HttpRequest) -> HttpResponse:
    agency = acting_agency(request)
    access.require_editor(request.user, agency)
    form = AnnouncementForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            announcement = services.create_announcement(
                actor=request.user, agency=agency, **form.service_kwargs()
            )
        except AnnouncementError as error:
            form_error(form, error)
        else:
            messages.success(request, "公告草稿已保存。请填写各等级的收费标准后发布。")
            return redirect("announcements:edit", pk=announcement.pk)
    return render(
        request, "announcements/form.html", {"form": form, "agency": agency, "announcement": None}
    )


@login_required
def announcement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = selectors.get_announcement(request.user, pk)
    access.require_editor(request.user, announcement.agency)
    if not announcement.is_draft:
        messages.error(request, "公告已发布，不能再修改。如内容有误，请撤回后另发新公告。")
        return redirect("announcements:detail", pk=pk)
    form = AnnouncementForm(
        request.POST or None, agency=announcement.agency, announcement=announcement
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_announcement(
                actor=request.user, announcement=announcement, **form.service_kwargs()
            )
        except AnnouncementError as error:
            form_error(form, error)
        else:
            messages.success(request, "公告草稿已保存。")
            return redirect("announcements:detail", pk=pk)
    return render(
        request,
        "announcements/form.html",
        {"form": form, "agency": announcement.agency, "announcement": announcement},
    )


def _detail_context(request: HttpRequest, announcement: Announcement) -> dict[str, Any]:
    batches = selectors.batches_of(announcement)
    context: dict[str, Any] = {
        "announcement": announcement,
        "batches": batch_deadlines(batches, today=timezone.localdate()),
        "can_edit": announcement.is_draft and _can_edit(request.user, announcement),
        "can_publish": announcement.is_draft and _can_publish(request.user, announcement),
        "can_withdraw": announcement.status == "published"
        and _can_publish(request.user, announcement),
    }
    if announcement.is_draft:
        context["missing"] = services.missing_for_publication(announcement)
        context["fees"] = selectors.fees_of(announcement)
    else:
        context["notice"] = present_snapshot(announcement.snapshot)
    return context


@login_required
def announcement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = _readable_announcement(request, pk)
    return render(request, "announcements/detail.html", _detail_context(request, announcement))


@login_required
def announcement_publish(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = selectors.get_announcement(request.user, pk)
    if not _can_publish(request.user, announcement):
        raise PermissionDenied("发布公告须由本机构的考务负责人或机构负责人办理。")
    if request.method == "POST":
        try:
            services.publish_announcement(actor=request.user, announcement=announcement)
        except DomainError as error:
            announcement = selectors.get_announcement(request.user, pk)
            context = _detail_context(request, announcement)
            context["refusal"] = error.message
            return render(request, "announcements/detail.html", context, status=error.status)
        messages.success(request, "公告已发布，所含批次已转为“已公告”。")
        return redirect("announcements:detail", pk=pk)
    return render(
        request,
        "announcements/confirm_publish.html",
        {
            "announcement": announcement,
            "batches": batch_deadlines(
                selectors.batches_of(announcement), today=timezone.localdate()
            ),
        },
    )


@login_required
def announcement_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = selectors.get_announcement(request.user, pk)
    if not _can_publish(request.user, announcement):
        raise PermissionDenied("撤回公告须由本机构的考务负责人或机构负责人办理。")
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_announcement(
                actor=request.user, announcement=announcement, reason=form.cleaned_data["reason"]
            )
        except AnnouncementError as error:
            form.add_error("reason", error.message)
        else:
            messages.success(request, "公告已撤回，公示页上标明“已撤回”及原因。")
            return redirect("announcements:detail", pk=pk)
    return render(
        request, "announcements/withdraw.html", {"form": form, "announcement": announcement}
    )


@login_required
def announcement_delete(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = selectors.get_announcement(request.user, pk)
    access.require_editor(request.user, announcement.agency)
    if request.method == "POST":
        services.delete_draft_announcement(actor=request.user, announcement=announcement)
        messages.success(request, f"已删除公告草稿“{announcement.title}”。")
        return redirect("announcements:list")
    return render(
        request,
        "ui/confirm.html",
        {
            "title": "删除公告草稿",
            "question": f"确定删除公告草稿“{announcement.title}”？",
            "consequence": "草稿尚未发布，删除后不可恢复。已发布的公告只能撤回，不能删除。",
            "confirm_label": "删除",
            "cancel_url": reverse("announcements:detail", args=[announcement.pk]),
        },
    )


# --- exam plans ----------------------------------------------------------------------------------


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    agencies = selectors.plan_agencies(request.user)
    filters = PlanFilterForm(request.GET or None, agencies=agencies)
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    agency = cleaned.get("agency")
    rows = selectors.plans_visible_to(
        request.user,
        agency_id=agency.pk if agency else None,
        search=cleaned.get("q", ""),
        exam_from=cleaned.get("exam_from"),
        exam_until=cleaned.get("exam_until"),
    )
    # 20 rows, not the shared PAGE_SIZE: the size this list has always had, kept unchanged.
    page, query = paginate(request, rows, 20)
    membership = getattr(request, "membership", None)
    awaiting = []
    own = membership.agency if membership is not None and membership.agency else None
    if own is not None and access.can_edit(request.user, own):
        awaiting = list(selectors.batches_awaiting_plan(own))
    return render(
        request,
        "announcements/plan_list.html",
        {
            "filters": filters,
            "page": page,
            "query": query,
            "awaiting": awaiting,
            "several_agencies": selectors.sees_several_agencies(request.user),
        },
    )


@login_required
def plan_publish(request: HttpRequest, batch_id: int) -> HttpResponse:
    membership = getattr(request, "membership", None)
    agency = membership.agency if membership is not None else None
    batch = selectors.get_own_batch(request.user, agency, batch_id)
    if not access.can_edit(request.user, batch.agency):
        raise PermissionDenied("考试计划由本机构的考务负责人、考务人员或机构负责人发布。")
    refusal = ""
    if request.method == "POST":
        try:
            plan = services.publish_exam_plan(actor=request.user, batch=batch)
        except DomainError as error:
            refusal = error.message
            batch = selectors.get_own_batch(request.user, agency, batch_id)
        else:
            messages.success(
                request, "考试计划已发布，批次已转为“已发布考试计划”，已通知市鉴定中心。"
            )
            return redirect("announcements:plan_detail", pk=plan.pk)
    preview = present_snapshot(exam_plan_snapshot(batch, published_at=timezone.now()))
    return render(
        request,
        "announcements/plan_publish.html",
        {
            "batch": batch,
            "plan": preview,
            "gaps": services.missing_sessions(batch),
            "deadlines": batch_deadlines([batch], today=timezone.localdate()),
            "refusal": refusal,
        },
        status=409 if refusal else 200,
    )


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.get_plan(request.user, pk)
    return render(
        request,
        "announcements/plan_detail.html",
        {"plan_obj": plan, "plan": present_snapshot(plan.snapshot)},
    )

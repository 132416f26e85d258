"""Pages of the data report (细则第五条), the candidate publicity and the objection queue.

Thin views: forms parse, services decide. The agency's staff see their own batches; the city
centre sees its city's agencies and the provincial centre all of them (read-only).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from skillcert.batches.deadlines import Step, deadline_for
from skillcert.batches.models import Batch
from skillcert.core.accounts.models import AGENCY_ROLES
from skillcert.core.accounts.permissions import visible_agencies
from skillcert.core.calendar import CalendarUnavailable
from skillcert.core.errors import DomainError, PermissionDenied
from skillcert.core.formats import cn_date
from skillcert.core.ui.forms import form_error
from skillcert.core.ui.pagination import PAGE_SIZE, paginate
from skillcert.registration import access, selectors
from skillcert.registration import publicity as pub
from skillcert.registration.forms import (
    AnswerForm,
    ObjectionFilterForm,
    PublishForm,
    ReportFilterForm,
    ReportForm,
)
from skillcert.registration.models import ApplicationState, ObjectionState
from skillcert.registration.services import report as reporting

# --- helpers --------------------------------------------------------------------------------------


def _batch_for(request: HttpRequest, batch_id: int) -> Batch:
    batch = selectors.batch_for(request.user, batch_id)
    access.require_report_reader(request.user)
    return batch


def _deadline(batch: Batch) -> Any:
    try:
        return deadline_for(batch, Step.DATA_REPORT)
    except CalendarUnavailable:
        return None


def _is_agency_user(request: HttpRequest) -> bool:
    membership = getattr(request, "membership", None)
    return membership is not None and membership.role in AGENCY_ROLES


# --- pages ----------------------------------------------------------------------------------------


@login_required
def report_home(request: HttpRequest) -> HttpResponse:
    access.require_report_reader(request.user)
    agencies = visible_agencies(request.user)
    filters = ReportFilterForm(request.GET or None, agencies=agencies)
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    agency_user = _is_agency_user(request)
    rows = selectors.report_list(
        agencies,
        status=cleaned.get("status") or ("" if agency_user else "reported"),
        agency=cleaned.get("agency"),
        search=cleaned.get("q") or "",
    )
    page, query = paginate(request, rows, PAGE_SIZE)
    latest_publicity = selectors.latest_publicities(list(page))
    for batch in page:
        batch.report_deadline = _deadline(batch)
        batch.publicity = latest_publicity.get(batch.pk)
        # 细则第五条: the supervisors' list flags a list made public late or for too short.
        batch.publicity_flags = pub.publicity_flags(batch.publicity) if batch.publicity else []
    return render(
        request,
        "registration/report_home.html",
        {
            "filters": filters,
            "page": page,
            "query": query,
            "several_agencies": agencies.count() > 1,
            "agency_user": agency_user,
        },
    )


@login_required
def report_batch(request: HttpRequest, batch_id: int) -> HttpResponse:
    """A batch's report: the latest version, its history, the difference from the one before,
    and for the agency the forms to file a correction and to publish the list."""
    batch = _batch_for(request, batch_id)
    can_report = access.is_signer(request.user, batch.agency)
    form = ReportForm(request.POST or None)
    if request.method == "POST":
        if not can_report:
            raise PermissionDenied(
                "考生数据由评价机构的考务负责人或机构负责人上报（细则第五条），您当前的角色无此权限。"
            )
        if form.is_valid():
            try:
                report = reporting.report_batch_data(
                    actor=request.user,
                    batch=batch,
                    note=form.cleaned_data["note"],
                    confirmed=form.cleaned_data["confirmed"],
                )
            except DomainError as error:
                form_error(form, error)
            else:
                messages.success(request, f"已上报第{report.version}版考生数据，并已通知监管部门。")
                return redirect("registration:report_batch", batch.pk)
    versions = selectors.report_versions(batch)
    latest = versions[0] if versions else None
    diff = (
        reporting.diff_reports(latest.previous, latest)
        if latest is not None and latest.previous
        else None
    )
    pending_diff = (
        reporting.diff_rows(latest.rows, reporting.current_rows(batch)) if latest else None
    )
    publicity = selectors.latest_publicity(batch)
    today = timezone.localdate()
    return render(
        request,
        "registration/report_batch.html",
        {
            "batch": batch,
            "latest": latest,
            "versions": versions,
            "diff": diff,
            "pending_diff": pending_diff,
            "approved_now": selectors.count_in_state(batch, ApplicationState.APPROVED),
            "deadline": _deadline(batch),
            "can_report": can_report,
            "form": form,
            "publicity": publicity,
            "publish_form": PublishForm(initial={"starts_on": today}),
            "today": today,
            "warnings": reporting.report_warnings(batch, today=today) if can_report else None,
            "publicity_flags": pub.publicity_flags(publicity) if publicity else [],
        },
    )


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One version with its summary and list, compared with another version (the previous one
    unless ``?compare=`` names another)."""
    report = selectors.report_for(request.user, pk)
    access.require_report_reader(request.user)
    versions = selectors.report_versions(report.batch)
    other = report.previous
    compare = request.GET.get("compare", "")
    if compare.isdigit():
        other = next((v for v in versions if v.version == int(compare)), other)
    diff = None
    if other is not None and other.pk != report.pk:
        old, new = (other, report) if other.version < report.version else (report, other)
        diff = reporting.diff_reports(old, new)
        diff_from, diff_to = old.version, new.version
    else:
        diff_from = diff_to = None
    return render(
        request,
        "registration/report_detail.html",
        {
            "report": report,
            "batch": report.batch,
            "versions": versions,
            "diff": diff,
            "diff_from": diff_from,
            "diff_to": diff_to,
        },
    )


@login_required
def publicity_publish(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _batch_for(request, batch_id)
    form = PublishForm(
        request.POST or None, initial={"starts_on": timezone.localdate().isoformat()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            publicity = pub.publish_candidate_list(
                actor=request.user, batch=batch, starts_on=form.cleaned_data["starts_on"]
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                f"考生名单已公示，公示期{cn_date(publicity.starts_on)}至"
                f"{cn_date(publicity.ends_on)}。",
            )
            return redirect("registration:report_batch", batch.pk)
    latest = selectors.latest_report(batch)
    return render(
        request,
        "registration/publicity_publish.html",
        {
            "batch": batch,
            "form": form,
            "latest": latest,
            "days": batch.rule_set.param("candidate_publicity_min_wd"),
        },
    )


@login_required
def objection_list(request: HttpRequest) -> HttpResponse:
    access.require_report_reader(request.user)
    filters = ObjectionFilterForm(request.GET or None)
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    rows = pub.objections_visible_to(
        request.user, state=cleaned.get("state", ""), search=cleaned.get("q", "")
    )
    page, query = paginate(request, rows, PAGE_SIZE)
    return render(
        request,
        "registration/publicity_objections.html",
        {"filters": filters, "page": page, "query": query},
    )


@login_required
def objection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    objection = pub.get_objection(request.user, pk)
    access.require_report_reader(request.user)
    agency = objection.publicity.batch.agency
    can_answer = access.is_reviewer(request.user, agency) and objection.state == ObjectionState.OPEN
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pub.answer_objection(
                actor=request.user, objection=objection, answer=form.cleaned_data["answer"]
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, "已答复该异议，并记入审计日志。")
            return redirect("registration:objection_detail", objection.pk)
    return render(
        request,
        "registration/publicity_objection.html",
        {"objection": objection, "form": form, "can_answer": can_answer},
    )


__all__ = [
    "objection_detail",
    "objection_list",
    "publicity_publish",
    "report_batch",
    "report_detail",
    "report_home",
]

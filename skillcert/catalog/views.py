"""Catalogue pages: standards, their levels, subjects and 申报条件; export/import; agency scope."""

from __future__ import annotations

import io
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from skillcert.catalog import selectors, services
from skillcert.catalog.eligibility.describe import describe_atom
from skillcert.catalog.eligibility.vocabulary import ATOM_LABELS
from skillcert.catalog.errors import CatalogError, CatalogImportInvalid
from skillcert.catalog.forms import (
    ClauseForm,
    EditionForm,
    ImportForm,
    ScopeGrantForm,
    StandardFilterForm,
    SubjectForm,
)
from skillcert.catalog.models import AgencyScope, EligibilityClause, StandardLevel, Subject
from skillcert.catalog.spreadsheet.export import export_catalog
from skillcert.catalog.spreadsheet.parse import parse_catalog
from skillcert.core.accounts.permissions import require_any_role, require_visible_agency
from skillcert.core.accounts.roles import STAFF
from skillcert.core.errors import PermissionDenied
from skillcert.core.orgs.models import Agency
from skillcert.core.tabular import TabularLimits
from skillcert.core.ui.forms import form_error
from skillcert.core.ui.pagination import PAGE_SIZE, paginate

SUBJECT_ORDER = {"theory": 0, "skill": 1, "review": 2}


def _require_staff(request: HttpRequest) -> None:
    require_any_role(request.user, STAFF)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    filters = StandardFilterForm(request.GET or None)
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    standards = selectors.standards_list(
        search=cleaned.get("q", ""),
        source=cleaned.get("source", ""),
        status=cleaned.get("status", ""),
        level=cleaned.get("level"),
    )
    page, querystring = paginate(request, standards, PAGE_SIZE)
    return render(
        request,
        "catalog/index.html",
        {
            "filters": filters,
            "page": page,
            "query": querystring,
            "can_edit": services.is_catalog_editor(request.user),
        },
    )


def _levels_view(standard: Any) -> list[dict[str, Any]]:
    levels = []
    for level in standard.levels.all():
        clauses = [
            {
                "clause": clause,
                "atoms": [
                    {"label": ATOM_LABELS.get(a.get("type"), ""), "text": describe_atom(a)}
                    for a in clause.conditions
                ],
            }
            for clause in level.eligibility_clauses.all()
        ]
        subjects = sorted(level.subjects.all(), key=lambda s: SUBJECT_ORDER.get(s.kind, 9))
        levels.append({"level": level, "subjects": subjects, "clauses": clauses})
    return levels


@login_required
def standard_detail(request: HttpRequest, standard_id: int) -> HttpResponse:
    _require_staff(request)
    standard = selectors.standard_detail(standard_id)
    if standard is None:
        raise Http404
    return render(
        request,
        "catalog/standard_detail.html",
        {
            "standard": standard,
            "levels": _levels_view(standard),
            "can_edit": services.is_catalog_editor(request.user),
            "in_use": services.standard_in_use(standard),
        },
    )


@login_required
def subject_edit(request: HttpRequest, subject_id: int) -> HttpResponse:
    services.require_catalog_editor(request.user)
    subject = get_object_or_404(
        Subject.objects.select_related("standard_level__standard__occupation"), pk=subject_id
    )
    fields = list(SubjectForm.base_fields)
    form = SubjectForm(request.POST or None, initial={f: getattr(subject, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_subject(actor=request.user, subject=subject, **form.cleaned_data)
        except CatalogError as error:
            form_error(form, error)
        else:
            messages.success(request, f"已保存 {subject}。")
            return redirect(
                "catalog:standard_detail", standard_id=subject.standard_level.standard_id
            )
    return render(
        request,
        "catalog/form.html",
        {
            "form": form,
            "title": f"修改考核科目：{subject}",
            "cancel_url": reverse(
                "catalog:standard_detail", args=[subject.standard_level.standard_id]
            ),
            "in_use": services.standard_in_use(subject.standard_level.standard),
        },
    )


def _clause_page(
    request: HttpRequest, level: StandardLevel, clause: EligibilityClause | None
) -> HttpResponse:
    initial = {}
    if clause is not None:
        initial = {
            "label": clause.label,
            "text": clause.text,
            "conditions": json.dumps(clause.conditions, ensure_ascii=False, indent=1),
            "note": clause.note,
        }
    form = ClauseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if clause is None:
                services.create_clause(
                    actor=request.user, standard_level=level, **form.cleaned_data
                )
            else:
                services.update_clause(actor=request.user, clause=clause, **form.cleaned_data)
        except CatalogError as error:
            form_error(form, error)
        else:
            messages.success(request, f"已保存 {level} 的申报条件。")
            return redirect("catalog:standard_detail", standard_id=level.standard_id)
    title = f"修改申报条件：{clause}" if clause else f"新增申报条件：{level}"
    return render(
        request,
        "catalog/form.html",
        {
            "form": form,
            "title": title,
            "cancel_url": reverse("catalog:standard_detail", args=[level.standard_id]),
            "in_use": services.standard_in_use(level.standard),
            "atom_help": ATOM_LABELS,
        },
    )


@login_required
def clause_create(request: HttpRequest, level_id: int) -> HttpResponse:
    services.require_catalog_editor(request.user)
    level = get_object_or_404(
        StandardLevel.objects.select_related("standard__occupation", "standard__trade"),
        pk=level_id,
    )
    return _clause_page(request, level, None)


@login_required
def clause_edit(request: HttpRequest, clause_id: int) -> HttpResponse:
    services.require_catalog_editor(request.user)
    clause = get_object_or_404(
        EligibilityClause.objects.select_related(
            "standard_level__standard__occupation", "standard_level__standard__trade"
        ),
        pk=clause_id,
    )
    return _clause_page(request, clause.standard_level, clause)


@login_required
def clause_delete(request: HttpRequest, clause_id: int) -> HttpResponse:
    services.require_catalog_editor(request.user)
    clause = get_object_or_404(
        EligibilityClause.objects.select_related("standard_level__standard"), pk=clause_id
    )
    back = reverse("catalog:standard_detail", args=[clause.standard_level.standard_id])
    if request.method == "POST":
        try:
            services.delete_clause(actor=request.user, clause=clause)
        except CatalogError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "已删除该申报条件。")
        return redirect(back)
    return render(
        request,
        "ui/confirm.html",
        {
            "title": "删除申报条件",
            "question": f"确定删除 {clause}？",
            "consequence": f"原文：{clause.text}",
            "confirm_label": "删除",
            "cancel_url": back,
        },
    )


@login_required
def edition_create(request: HttpRequest, standard_id: int) -> HttpResponse:
    services.require_catalog_editor(request.user)
    standard = selectors.standard_detail(standard_id)
    if standard is None:
        raise Http404
    form = EditionForm(request.POST or None, initial={"supersede_previous": True})
    if request.method == "POST" and form.is_valid():
        try:
            new = services.create_standard_edition(
                actor=request.user, based_on=standard, **form.cleaned_data
            )
        except CatalogError as error:
            form_error(form, error)
        else:
            messages.success(request, f"已建立 {new}，请逐项核对科目与申报条件。")
            return redirect("catalog:standard_detail", standard_id=new.pk)
    return render(
        request,
        "catalog/form.html",
        {
            "form": form,
            "title": f"新建标准版本（以 {standard} 为底稿）",
            "cancel_url": reverse("catalog:standard_detail", args=[standard.pk]),
        },
    )


@login_required
def export(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    return FileResponse(
        io.BytesIO(export_catalog()),
        as_attachment=True,
        filename=f"职业标准目录-{timezone.localdate():%Y%m%d}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
def import_catalog(request: HttpRequest) -> HttpResponse:
    services.require_catalog_editor(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            # A small file is checked here too, so that its problems show on this page at once;
            # a large one only by the worker (settings.TABULAR["inline_max_bytes"]).
            if len(content) <= TabularLimits.from_settings().inline_max_bytes:
                parse_catalog(content)
            job = services.start_catalog_import(
                actor=request.user, filename=upload.name, content=content
            )
        except CatalogImportInvalid as error:
            problems = error.problems
            form.add_error("file", f"文件有{len(problems)}处问题，未导入任何数据，详见下方列表。")
        except CatalogError as error:
            form_error(form, error)
        else:
            return redirect("jobs:detail", job_id=job.pk)
    return render(request, "catalog/import.html", {"form": form, "problems": problems})


# ---------------------------------------------------------------------------------------------
# Agency scope


def _agency_or_404(request: HttpRequest, agency_id: int) -> Agency:
    agency = Agency.objects.select_related("centre").filter(pk=agency_id).first()
    if agency is None:
        raise Http404
    require_visible_agency(request.user, agency)
    return agency


@login_required
def agency_scopes(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = _agency_or_404(request, agency_id)
    can_maintain = services.can_maintain_scope(request.user, agency)
    form = ScopeGrantForm(request.POST or None) if can_maintain else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("备案范围由自治区或所在市鉴定中心监管员登记。")
        if form.is_valid():
            try:
                scope = services.grant_agency_scope(
                    actor=request.user, agency=agency, **form.cleaned_data
                )
            except CatalogError as error:
                form_error(form, error)
            else:
                messages.success(
                    request, f"已登记备案：{selectors.level_name(scope.standard_level)}。"
                )
                return redirect("catalog:agency_scopes", agency_id=agency.pk)
    today = timezone.localdate()
    scopes = list(selectors.scopes_of(agency))
    for scope in scopes:
        scope.in_force = selectors.scope_for(agency, scope.standard_level, today) == scope
    return render(
        request,
        "catalog/agency_scopes.html",
        {"agency": agency, "scopes": scopes, "form": form, "can_maintain": can_maintain},
    )


@login_required
def my_scopes(request: HttpRequest) -> HttpResponse:
    membership = getattr(request, "membership", None)
    if membership is None or membership.agency_id is None:
        raise PermissionDenied("当前角色不属于任何评价机构；请在右上角切换到机构的角色。")
    return redirect("catalog:agency_scopes", agency_id=membership.agency_id)


@login_required
def scope_revoke(request: HttpRequest, scope_id: int) -> HttpResponse:
    scope = get_object_or_404(
        AgencyScope.objects.select_related(
            "agency__centre", "standard_level__standard__occupation"
        ),
        pk=scope_id,
    )
    require_visible_agency(request.user, scope.agency)
    back = reverse("catalog:agency_scopes", args=[scope.agency_id])
    if request.method == "POST":
        try:
            services.revoke_agency_scope(actor=request.user, scope=scope)
        except CatalogError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已撤销备案：{selectors.level_name(scope.standard_level)}。")
        return redirect(back)
    if not services.can_maintain_scope(request.user, scope.agency):
        raise PermissionDenied("备案范围由自治区或所在市鉴定中心监管员登记。")
    level = selectors.level_name(scope.standard_level)
    return render(
        request,
        "ui/confirm.html",
        {
            "title": "撤销备案范围",
            "question": f"确定撤销 {scope.agency.name} 的备案：{level}？",
            "consequence": "撤销后该机构不能再安排或认定此职业等级；记录保留并写入操作日志。",
            "confirm_label": "撤销备案",
            "cancel_url": back,
        },
    )

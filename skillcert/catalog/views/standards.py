"""Catalogue pages: standards, their levels, subjects and 申报条件; export and import."""

from __future__ import annotations

import io
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from skillcert.catalog import access, selectors, services
from skillcert.catalog.eligibility.vocabulary import ATOM_LABELS
from skillcert.catalog.errors import CatalogError, CatalogImportInvalid
from skillcert.catalog.forms import (
    ClauseForm,
    EditionForm,
    ImportForm,
    StandardFilterForm,
    SubjectForm,
)
from skillcert.catalog.models import EligibilityClause, StandardLevel
from skillcert.catalog.spreadsheet.export import export_catalog
from skillcert.catalog.spreadsheet.parse import parse_catalog
from skillcert.core.tabular import TabularLimits
from skillcert.core.ui.forms import form_error
from skillcert.core.ui.pagination import PAGE_SIZE, paginate


@login_required
def index(request: HttpRequest) -> HttpResponse:
    access.require_staff(request.user)
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
            "can_edit": access.is_catalog_editor(request.user),
        },
    )


@login_required
def standard_detail(request: HttpRequest, standard_id: int) -> HttpResponse:
    access.require_staff(request.user)
    standard = selectors.standard_detail(standard_id)
    if standard is None:
        raise Http404
    return render(
        request,
        "catalog/standard_detail.html",
        {
            "standard": standard,
            "levels": selectors.levels_view(standard),
            "can_edit": access.is_catalog_editor(request.user),
            "in_use": services.standard_in_use(standard),
        },
    )


@login_required
def subject_edit(request: HttpRequest, subject_id: int) -> HttpResponse:
    access.require_catalog_editor(request.user)
    subject = selectors.subject_by_id(subject_id)
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
    access.require_catalog_editor(request.user)
    level = selectors.standard_level_by_id(level_id)
    return _clause_page(request, level, None)


@login_required
def clause_edit(request: HttpRequest, clause_id: int) -> HttpResponse:
    access.require_catalog_editor(request.user)
    clause = selectors.clause_by_id(clause_id)
    return _clause_page(request, clause.standard_level, clause)


@login_required
def clause_delete(request: HttpRequest, clause_id: int) -> HttpResponse:
    access.require_catalog_editor(request.user)
    clause = selectors.clause_by_id(clause_id)
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
    access.require_catalog_editor(request.user)
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
    access.require_staff(request.user)
    return FileResponse(
        io.BytesIO(export_catalog()),
        as_attachment=True,
        filename=f"职业标准目录-{timezone.localdate():%Y%m%d}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
def import_catalog(request: HttpRequest) -> HttpResponse:
    access.require_catalog_editor(request.user)
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

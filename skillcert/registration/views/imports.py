"""Bulk registration pages: the list of imports, the template download, upload, the validation
result with its error report, the import confirmation with its progress, and the materials zip."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from skillcert.core.accounts.permissions import require_visible_agency
from skillcert.core.errors import DomainError
from skillcert.core.jobs.models import JobStatus
from skillcert.core.ui.pagination import PAGE_SIZE, paginate
from skillcert.registration import access, selectors
from skillcert.registration.forms import ImportFilterForm, MaterialsForm, UploadForm
from skillcert.registration.services import imports
from skillcert.registration.services.import_files import error_report_xlsx, template_xlsx
from skillcert.registration.services.import_materials import import_materials

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    access.require_desk_anywhere(request.user)
    batches = selectors.importable_batches(request.user)
    filters = ImportFilterForm(request.GET or None, batches=selectors.import_batches(request.user))
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    batch = cleaned.get("batch")
    rows = selectors.imports_for(
        request.user, search=cleaned.get("q", ""), batch_id=batch.pk if batch else None
    )
    page, query = paginate(request, rows, PAGE_SIZE)
    return render(
        request,
        "registration/import_list.html",
        {"page": page, "query": query, "filters": filters, "batches": batches},
    )


@login_required
def import_template(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = selectors.batch_for(request.user, batch_id)
    access.require_desk(request.user, batch.agency)
    response = HttpResponse(template_xlsx(batch), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="registration-template-{batch.code}.xlsx"'
    )
    return response


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    access.require_desk_anywhere(request.user)
    batches = selectors.importable_batches(request.user)
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        batches=batches,
        initial={"batch": request.GET.get("batch")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            upload = imports.upload_registrations(
                actor=request.user, batch=form.cleaned_data["batch"], file=form.cleaned_data["file"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("registration:import_detail", upload.pk)
    return render(request, "registration/import_upload.html", {"form": form, "batches": batches})


@login_required
def import_detail(request: HttpRequest, import_id: int) -> HttpResponse:
    upload = selectors.get_import(request.user, import_id)
    can_import = (
        upload.validated
        and not upload.error_count
        and not upload.errors
        and (upload.job_id is None or upload.job.status == JobStatus.INTERRUPTED)
        and access.is_desk(request.user, upload.agency)
    )
    return render(
        request,
        "registration/import_detail.html",
        {"upload": upload, "errors": upload.errors[:500], "can_import": can_import},
    )


@login_required
def import_errors(request: HttpRequest, import_id: int) -> HttpResponse:
    upload = selectors.get_import(request.user, import_id)
    response = HttpResponse(error_report_xlsx(upload), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="import-errors-{upload.pk}.xlsx"'
    return response


@login_required
def import_run(request: HttpRequest, import_id: int) -> HttpResponse:
    upload = selectors.get_import(request.user, import_id)
    access.require_desk(request.user, upload.agency)
    detail = reverse("registration:import_detail", args=[upload.pk])
    if request.method == "POST":
        try:
            imports.start_import(actor=request.user, upload=upload)
        except DomainError as error:
            messages.error(request, error.message)
        return redirect(detail)
    return render(
        request,
        "ui/confirm.html",
        {
            "title": "确认导入",
            "question": (
                f"确定将“{upload.original_name}”的 {upload.row_count} 行"
                f"导入批次“{upload.batch.name}”吗？"
            ),
            "consequence": (
                "导入后将为每行创建一条待审核的申报；已导入过的行不会重复创建。"
                "导入在后台进行，可在本页查看进度。"
            ),
            "confirm_label": "导入",
            "cancel_url": detail,
        },
    )


@login_required
def materials_upload(request: HttpRequest) -> HttpResponse:
    access.require_desk_anywhere(request.user)
    batches = selectors.batches_taking_materials(request.user)
    form = MaterialsForm(request.POST or None, request.FILES or None, batches=batches)
    outcome = None
    if request.method == "POST" and form.is_valid():
        batch = form.cleaned_data["batch"]
        require_visible_agency(request.user, batch.agency)
        upload = form.cleaned_data["file"]
        try:
            outcome = import_materials(
                actor=request.user, batch=batch, file=upload, filename=upload.name or ""
            )
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            if not outcome.problems:
                messages.success(request, f"已保存 {outcome.stored} 份材料。")
                return redirect("registration:import_list")
    return render(request, "registration/import_materials.html", {"form": form, "outcome": outcome})

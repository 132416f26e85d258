"""Bulk registration pages: the list of imports, the template download, upload, the validation
result with its error report, the import confirmation with its progress, and the materials zip."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from skillcert.batches.models import Batch
from skillcert.core.accounts.permissions import (
    has_role,
    require_any_role,
    require_role,
    require_visible_agency,
    visible_agencies,
)
from skillcert.core.accounts.roles import AGENCY_OFFICE
from skillcert.core.errors import DomainError, NotFound
from skillcert.core.jobs.models import JobStatus
from skillcert.core.ui.pagination import PAGE_SIZE, paginate
from skillcert.registration import bulk
from skillcert.registration.bulk_materials import MAX_ENTRIES, import_materials

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, help_text="文件名或批次名称")
    batch = forms.ModelChoiceField(label="批次", queryset=Batch.objects.none(), required=False)

    def __init__(self, *args, batches=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["batch"].queryset = batches if batches is not None else Batch.objects.none()


class UploadForm(forms.Form):
    batch = forms.ModelChoiceField(
        label="批次", queryset=Batch.objects.none(), empty_label="请选择批次"
    )
    file = forms.FileField(label="报名文件", help_text="使用报名模板填写，支持 .xlsx、.xls、.csv")

    def __init__(self, *args, batches=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["batch"].queryset = batches if batches is not None else Batch.objects.none()


class MaterialsForm(forms.Form):
    batch = forms.ModelChoiceField(
        label="批次", queryset=Batch.objects.none(), empty_label="请选择批次"
    )
    file = forms.FileField(
        label="材料压缩包",
        help_text=f"zip 格式，每个文件以证件号码命名，最多 {MAX_ENTRIES} 个文件",
    )

    def __init__(self, *args, batches=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["batch"].queryset = batches if batches is not None else Batch.objects.none()


def _require_desk(request: HttpRequest) -> None:
    require_any_role(request.user, AGENCY_OFFICE)


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    _require_desk(request)
    batches = bulk.importable_batches(request.user)
    filters = ImportFilterForm(
        request.GET or None,
        batches=Batch.objects.filter(pk__in=bulk.imports_for(request.user).values("batch")),
    )
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    batch = cleaned.get("batch")
    imports = bulk.imports_for(
        request.user, search=cleaned.get("q", ""), batch_id=batch.pk if batch else None
    )
    page, query = paginate(request, imports, PAGE_SIZE)
    return render(
        request,
        "registration/import_list.html",
        {"page": page, "query": query, "filters": filters, "batches": batches},
    )


@login_required
def import_template(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = Batch.objects.filter(pk=batch_id, agency__in=visible_agencies(request.user)).first()
    if batch is None:
        raise NotFound("未找到该批次，或您无权查看。")
    require_role(request.user, batch.agency, *AGENCY_OFFICE)
    response = HttpResponse(bulk.template_xlsx(batch), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="registration-template-{batch.code}.xlsx"'
    )
    return response


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    _require_desk(request)
    batches = bulk.importable_batches(request.user)
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        batches=batches,
        initial={"batch": request.GET.get("batch")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            upload = bulk.upload_registrations(
                actor=request.user, batch=form.cleaned_data["batch"], file=form.cleaned_data["file"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("registration:import_detail", upload.pk)
    return render(request, "registration/import_upload.html", {"form": form, "batches": batches})


@login_required
def import_detail(request: HttpRequest, import_id: int) -> HttpResponse:
    upload = bulk.get_import(request.user, import_id)
    can_import = (
        upload.validated
        and not upload.error_count
        and not upload.errors
        and (upload.job_id is None or upload.job.status == JobStatus.INTERRUPTED)
        and has_role(request.user, upload.agency, *AGENCY_OFFICE)
    )
    return render(
        request,
        "registration/import_detail.html",
        {"upload": upload, "errors": upload.errors[:500], "can_import": can_import},
    )


@login_required
def import_errors(request: HttpRequest, import_id: int) -> HttpResponse:
    upload = bulk.get_import(request.user, import_id)
    response = HttpResponse(bulk.error_report_xlsx(upload), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="import-errors-{upload.pk}.xlsx"'
    return response


@login_required
def import_run(request: HttpRequest, import_id: int) -> HttpResponse:
    upload = bulk.get_import(request.user, import_id)
    require_role(request.user, upload.agency, *AGENCY_OFFICE)
    detail = reverse("registration:import_detail", args=[upload.pk])
    if request.method == "POST":
        try:
            bulk.start_import(actor=request.user, upload=upload)
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
    _require_desk(request)
    batches = bulk.batches_taking_materials(request.user)
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

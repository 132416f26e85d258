"""Bulk registration of a cohort from a spreadsheet (细则第三条: 报名, here by the agency for a
group such as a company's staff or a school's class).

Two steps, as the desk works: ``upload_registrations`` reads and checks every row and keeps the
file with its errors; only a file without errors may be imported, by ``start_import`` as a job
whose handler ``import_applications`` writes every application in one transaction.
"""

from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from skillcert.batches.deadlines import Step, guard_deadline
from skillcert.batches.models import Batch, BatchLevel
from skillcert.catalog.models import Occupation
from skillcert.catalog.selectors import levels_in_scope
from skillcert.core import audit
from skillcert.core.accounts.models import User
from skillcert.core.accounts.permissions import require_role, visible_agencies
from skillcert.core.accounts.roles import AGENCY_OFFICE
from skillcert.core.errors import NotFound
from skillcert.core.identity.crypto import encrypt_id_number, lookup_hash
from skillcert.core.jobs.models import Job, JobStatus
from skillcert.core.jobs.progress import ProgressReporter
from skillcert.core.jobs.services import start_job
from skillcert.core.tabular import TabularLimits, append_row, new_workbook, workbook_bytes
from skillcert.core.tabular.reader import SUFFIXES
from skillcert.registration.bulk_table import (
    COLUMNS,
    LevelChoice,
    LevelIndex,
    RowError,
    TableUnreadable,
    Validation,
    ValidRow,
    read_table,
    validate_table,
)
from skillcert.registration.models import (
    Application,
    ApplicationState,
    Candidate,
    Channel,
    IdType,
    RegistrationImport,
)
from skillcert.registration.services import (
    LIVE_STATES,
    OPEN_STATES,
    RegistrationError,
    registration_window,
    require_open_for_registration,
)

BULK_CHUNK = 2000


class BulkImportError(RegistrationError):
    code = "bulk_import_error"


def _today() -> date:
    return timezone.localdate()


def require_registration_open(batch: Batch, *, on: date) -> None:
    """The single-application rules (batch announced, within the announced period), and the
    data-report deadline: 细则第五条 reports the candidates by T−8 WD, so a list imported later
    could not be reported."""
    require_open_for_registration(batch, on=on)
    guard_deadline(batch, Step.DATA_REPORT, on=on)


def level_index(batch: Batch, *, on: date) -> LevelIndex:
    """The batch's levels with whether each is in the agency's scope on ``on`` (two queries)."""
    in_scope = set(levels_in_scope(batch.agency, on).values_list("pk", flat=True))
    levels = BatchLevel.objects.filter(batch=batch).select_related(
        "standard_level__standard__occupation", "standard_level__standard__trade"
    )
    choices = [
        LevelChoice(
            batch_level_id=bl.pk,
            standard_level_id=bl.standard_level_id,
            occupation_code=bl.standard_level.standard.occupation.code,
            occupation_name=bl.standard_level.standard.occupation.name,
            trade_name=bl.standard_level.standard.trade.name
            if bl.standard_level.standard.trade_id
            else "",
            level=bl.standard_level.level,
            in_scope=bl.standard_level_id in in_scope,
        )
        for bl in levels
    ]
    known = set()
    for code, name in Occupation.objects.values_list("code", "name"):
        known.update((code, name))
    return LevelIndex(choices=choices, known_occupations=known)


def validate_file(*, batch: Batch, data: bytes, filename: str, on: date) -> Validation:
    """Read and check the whole file as it streams; a file the safe reader refuses (at once or
    half-way, e.g. a row past the cap) is one error on row 1 and no valid rows."""
    try:
        headers, rows = read_table(data, filename)
        return validate_table(headers, rows, levels=level_index(batch, on=on), today=on)
    except TableUnreadable as exc:
        refused = Validation()
        refused.log.add(RowError(1, "", filename[:100], exc.message))
        return refused


def _store_validation(upload: RegistrationImport, validation: Validation) -> None:
    upload.row_count = validation.row_count
    upload.errors = [e.as_dict() for e in validation.errors]
    upload.error_count = validation.error_count
    upload.validated = True


def batches_taking_materials(actor: User) -> QuerySet[Batch]:
    """Batches of the actor's agencies whose applications may still get materials (registration
    and review: 细则第三、四条)."""
    return (
        Batch.objects.filter(agency__in=visible_agencies(actor), state__in=OPEN_STATES)
        .filter(agency__memberships__user=actor, agency__memberships__role__in=AGENCY_OFFICE)
        .filter(agency__memberships__is_active=True)
        .distinct()
        .order_by("first_exam_day", "pk")
    )


def importable_batches(actor: User, *, on: date | None = None) -> QuerySet[Batch]:
    """Batches of the actor's agencies that are taking registrations on ``on`` (today): in the
    registration period of their published announcement (细则第一、三条)."""
    on = on or timezone.localdate()
    candidates = batches_taking_materials(actor)
    open_ids = [
        b.pk
        for b in candidates
        if (window := registration_window(b)) is None or window[0] <= on <= window[1]
    ]
    return candidates.filter(pk__in=open_ids)


def imports_for(
    actor: User, *, search: str = "", batch_id: int | None = None
) -> QuerySet[RegistrationImport]:
    """The imports of every agency the actor sees, newest first."""
    qs = (
        RegistrationImport.objects.filter(agency__in=visible_agencies(actor))
        .select_related("batch", "job", "uploaded_by", "agency")
        .order_by("-uploaded_at", "-pk")
    )
    if search:
        qs = qs.filter(original_name__icontains=search) | qs.filter(batch__name__icontains=search)
    if batch_id:
        qs = qs.filter(batch_id=batch_id)
    return qs


def get_import(actor: User, pk: int) -> RegistrationImport:
    """The import if the actor may see it; another agency's answers NotFound (never 403)."""
    found = imports_for(actor).filter(pk=pk).first()
    if found is None:
        raise NotFound("未找到该导入记录，或您无权查看。")
    return found


@transaction.atomic
def upload_registrations(
    *, actor: User, batch: Batch, file: UploadedFile, on: date | None = None
) -> RegistrationImport:
    """Keep the uploaded cohort file with every row's problems; writes no application."""
    on = on or _today()
    require_role(actor, batch.agency, *AGENCY_OFFICE)
    require_registration_open(batch, on=on)
    max_bytes = settings.TABULAR["max_file_bytes"]
    if file.size and file.size > max_bytes:
        raise BulkImportError(
            f"文件超过 {max_bytes // 1024 // 1024} MB，请分批导入或删除多余的工作表。"
        )
    data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise BulkImportError(f"文件超过 {max_bytes // 1024 // 1024} MB，请分批导入。")
    name = file.name or ""
    if not name.lower().endswith(SUFFIXES):
        raise BulkImportError(
            "只能上传 .xlsx 或 .csv 文件（旧版 .xls 请在 Excel 中另存为 .xlsx），请使用报名模板。"
        )
    upload = RegistrationImport(
        agency=batch.agency,
        batch=batch,
        original_name=name[:200],
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=actor,
    )
    inline = len(data) <= TabularLimits.from_settings().inline_max_bytes
    if inline:
        _store_validation(upload, validate_file(batch=batch, data=data, filename=name, on=on))
    else:
        upload.validated = False
    # The stored name is ours: only the checked suffix survives from the user's name.
    upload.file.save(f"import{posixpath.splitext(name.lower())[1]}", ContentFile(data), save=False)
    upload.save()
    if not inline:
        # A large file is read by the worker, never in the request (issue 20, finding 1).
        upload.validation_job = start_job(
            actor=actor,
            kind="registration.validate_import",
            title=f"校验批量报名文件：{upload.original_name}",
            agency=upload.agency,
            params={"upload_id": upload.pk, "on": on.isoformat()},
        )
        upload.save(update_fields=["validation_job"])
    audit.record(
        actor=actor,
        action="registration.import_upload",
        obj=upload,
        changes={
            "file": upload.original_name,
            "sha256": upload.sha256,
            "rows": upload.row_count,
            "errors": upload.error_count,
            "checked_by_worker": not inline,
        },
    )
    return upload


def validate_import(
    job: Job, reporter: ProgressReporter, *, upload_id: int, on: str
) -> dict[str, Any]:
    """Check a large stored file in the worker and keep its first errors with their count."""
    upload = RegistrationImport.objects.select_related("batch").get(pk=upload_id)
    reporter.total(1, message="正在校验文件…")
    with upload.file.open("rb") as fh:
        data = fh.read()
    validation = validate_file(
        batch=upload.batch, data=data, filename=upload.original_name, on=date.fromisoformat(on)
    )
    _store_validation(upload, validation)
    upload.save(update_fields=["row_count", "errors", "error_count", "validated"])
    reporter.advance(1)
    if validation.error_count:
        summary = f"校验完成：{validation.row_count} 行，发现 {validation.error_count} 处错误。"
    else:
        summary = f"校验通过：{validation.row_count} 行全部无误，可以导入。"
    return {
        "summary": summary,
        "url": reverse("registration:import_detail", args=[upload.pk]),
        "url_label": "查看校验结果",
    }


@transaction.atomic
def start_import(*, actor: User, upload: RegistrationImport, on: date | None = None) -> Job:
    """Start the job that writes a checked file's applications."""
    on = on or _today()
    require_role(actor, upload.agency, *AGENCY_OFFICE)
    upload = RegistrationImport.objects.select_for_update().get(pk=upload.pk)
    if not upload.validated:
        raise BulkImportError("文件仍在后台校验，请稍候刷新本页，校验通过后再导入。")
    if upload.error_count or upload.errors:
        raise BulkImportError("该文件有错误，不能导入。请按错误报告修改后重新上传。")
    # An import whose worker died wrote nothing (one transaction); it may be started again.
    if upload.job_id is not None and upload.job.status != JobStatus.INTERRUPTED:
        raise BulkImportError("该文件已发起导入，请查看导入进度，无需重复导入。")
    require_registration_open(upload.batch, on=on)
    job = start_job(
        actor=actor,
        kind="registration.import",
        title=f"批量报名导入：{upload.original_name}",
        agency=upload.agency,
        params={"upload_id": upload.pk, "on": on.isoformat()},
    )
    upload.job = job
    upload.save(update_fields=["job"])
    return job


def import_key(batch_id: int, id_hash: str, batch_level_id: int) -> str:
    """The same person, level and batch always give the same key, so a re-import finds it."""
    return hashlib.sha256(f"{batch_id}|{id_hash}|{batch_level_id}".encode()).hexdigest()


@dataclass
class ImportOutcome:
    created: int
    already_imported: int
    already_registered: int
    candidates_created: int

    @property
    def summary(self) -> str:
        parts = [f"已导入 {self.created:,} 条申报"]
        if self.already_imported:
            parts.append(f"{self.already_imported:,} 行此前已导入，未重复创建")
        if self.already_registered:
            parts.append(
                f"{self.already_registered:,} 行考生已通过其他方式申报同一职业等级，未重复创建"
            )
        return "；".join(parts) + "。"


class _NullReporter:
    def total(self, n: int, *, message: str | None = None) -> None:
        pass

    def advance(self, k: int = 1, *, message: str | None = None) -> None:
        pass


def _overlapping_duplicates(batch: Batch, hashes: set[str]) -> dict[tuple[str, int, int], int]:
    """(ID lookup hash, occupation, level) -> the live application of the same person (at any
    agency) for the same occupation and level in another batch whose exam days overlap, as the
    window flags it (registration.services._overlapping_duplicate), in one query per chunk."""
    found: dict[tuple[str, int, int], int] = {}
    ordered = sorted(hashes)
    for i in range(0, len(ordered), BULK_CHUNK):
        rows = (
            Application.objects.filter(
                candidate__id_number_hash__in=ordered[i : i + BULK_CHUNK],
                batch__first_exam_day__lte=batch.last_exam_day,
                batch__last_exam_day__gte=batch.first_exam_day,
                state__in=LIVE_STATES,
            )
            .exclude(batch=batch)
            .order_by("id")
            .values_list(
                "candidate__id_number_hash",
                "batch_level__standard_level__standard__occupation_id",
                "batch_level__standard_level__level",
                "pk",
            )
        )
        for id_hash, occupation_id, level, pk in rows:
            found.setdefault((id_hash, occupation_id, level), pk)
    return found


def write_applications(
    *,
    actor: User,
    batch: Batch,
    rows: list[ValidRow],
    reporter: ProgressReporter | _NullReporter | None = None,
) -> ImportOutcome:
    """Find or create each candidate in the batch's agency by lookup hash and create the missing
    applications, in bulk.

    The caller holds the transaction. Person data is per agency: a row creates this agency's
    record from the row's own columns, never from another agency's record of the same person;
    a record this agency already holds keeps its data (the spreadsheet does not overwrite what
    the person or the desk entered).
    """
    reporter = reporter or _NullReporter()
    now = timezone.now()
    hashes = [lookup_hash(r.id_number) for r in rows]
    candidate_ids: dict[str, int] = {}
    unique_hashes = list(dict.fromkeys(hashes))
    for i in range(0, len(unique_hashes), BULK_CHUNK):
        chunk = unique_hashes[i : i + BULK_CHUNK]
        candidate_ids.update(
            Candidate.objects.filter(
                agency_id=batch.agency_id, id_number_hash__in=chunk
            ).values_list("id_number_hash", "pk")
        )
    new_candidates: list[Candidate] = []
    planned: set[str] = set()
    for row, h in zip(rows, hashes, strict=True):
        if h in candidate_ids or h in planned:
            continue
        planned.add(h)
        new_candidates.append(
            Candidate(
                agency_id=batch.agency_id,
                # Encrypted here, so the field's pre_save sees a token and does not encrypt again.
                id_number=encrypt_id_number(row.id_number),
                id_number_hash=h,
                id_type=IdType.RESIDENT_ID,
                name=row.name,
                sex=row.sex,
                birth_date=row.birth_date,
                ethnicity=row.ethnicity,
                education=row.education,
                phone=row.phone,
                email=row.email,
                address=row.address,
                source=row.source,
                employer=row.employer,
                created_at=now,
                updated_at=now,
            )
        )
    reporter.total(len(new_candidates), message="正在登记考生…")
    for i in range(0, len(new_candidates), BULK_CHUNK):
        chunk = new_candidates[i : i + BULK_CHUNK]
        Candidate.objects.bulk_create(chunk)
        reporter.advance(len(chunk))
    for c in new_candidates:
        candidate_ids[c.id_number_hash] = c.pk
    existing = set(
        Application.objects.filter(batch=batch)
        .exclude(import_key="")
        .values_list("import_key", flat=True)
    )
    existing_pairs = set(
        Application.objects.filter(batch=batch).values_list("candidate_id", "batch_level_id")
    )
    duplicates = _overlapping_duplicates(batch, set(unique_hashes))
    level_of = {
        pk: (occupation_id, level)
        for pk, occupation_id, level in BatchLevel.objects.filter(batch=batch).values_list(
            "pk", "standard_level__standard__occupation_id", "standard_level__level"
        )
    }
    already_imported = already_registered = 0
    applications: list[Application] = []
    for row, h in zip(rows, hashes, strict=True):
        key = import_key(batch.pk, h, row.batch_level_id)
        candidate_id = candidate_ids[h]
        if key in existing:
            already_imported += 1
            continue
        if (candidate_id, row.batch_level_id) in existing_pairs:
            already_registered += 1
            continue
        applications.append(
            Application(
                agency_id=batch.agency_id,
                batch_id=batch.pk,
                batch_level_id=row.batch_level_id,
                candidate_id=candidate_id,
                # An agency's list stands for applications handed in at its desk: they await
                # review (细则第四条) like any submitted one.
                state=ApplicationState.SUBMITTED,
                channel=Channel.BULK,
                facts=row.facts,
                exam_types=row.exam_types,
                import_key=key,
                duplicate_of_id=duplicates.get((h, *level_of[row.batch_level_id])),
                created_by_id=actor.pk,
                created_at=now,
                updated_at=now,
                submitted_at=now,
            )
        )
    reporter.total(len(rows), message="正在创建申报…")
    reporter.advance(already_imported + already_registered)
    for i in range(0, len(applications), BULK_CHUNK):
        chunk = applications[i : i + BULK_CHUNK]
        Application.objects.bulk_create(chunk)
        reporter.advance(len(chunk))
    return ImportOutcome(
        created=len(applications),
        already_imported=already_imported,
        already_registered=already_registered,
        candidates_created=len(new_candidates),
    )


def run_import(
    *,
    actor: User,
    upload: RegistrationImport,
    on: date,
    reporter: ProgressReporter | _NullReporter | None = None,
) -> ImportOutcome:
    """Check the stored file again (the batch may have changed) and write it all or nothing."""
    reporter = reporter or _NullReporter()
    require_role(actor, upload.agency, *AGENCY_OFFICE)
    require_registration_open(upload.batch, on=on)
    reporter.total(1, message="正在校验文件…")
    with upload.file.open("rb") as fh:
        data = fh.read()
    validation = validate_file(batch=upload.batch, data=data, filename=upload.original_name, on=on)
    reporter.advance(1)
    if validation.error_count:
        RegistrationImport.objects.filter(pk=upload.pk).update(
            errors=[e.as_dict() for e in validation.errors], error_count=validation.error_count
        )
        raise BulkImportError(
            f"导入前复核发现 {validation.error_count} 处错误（批次或备案范围可能已变化），"
            "未写入任何申报。请下载错误报告，修改后重新上传。"
        )
    with transaction.atomic():
        # The same lock a window registration takes, so the two cannot race for one person.
        Batch.objects.select_for_update().filter(pk=upload.batch_id).first()
        outcome = write_applications(
            actor=actor, batch=upload.batch, rows=validation.rows, reporter=reporter
        )
        RegistrationImport.objects.filter(pk=upload.pk).update(created_count=outcome.created)
        # One event for the whole file: counts, name and digest, never a plaintext ID number.
        audit.record(
            actor=actor,
            action="registration.import",
            obj=upload,
            changes={
                "file": upload.original_name,
                "sha256": upload.sha256,
                "rows": validation.row_count,
                "created": outcome.created,
                "already_imported": outcome.already_imported,
                "already_registered": outcome.already_registered,
                "candidates_created": outcome.candidates_created,
            },
        )
    return outcome


def import_applications(
    job: Job, reporter: ProgressReporter, *, upload_id: int, on: str
) -> dict[str, Any]:
    upload = RegistrationImport.objects.select_related("batch__agency", "agency").get(pk=upload_id)
    outcome = run_import(
        actor=job.started_by, upload=upload, on=date.fromisoformat(on), reporter=reporter
    )
    return {
        "summary": outcome.summary,
        "created": outcome.created,
        "already_imported": outcome.already_imported,
        "already_registered": outcome.already_registered,
    }


def error_report_xlsx(upload: RegistrationImport) -> bytes:
    """The errors as a spreadsheet: row, column, value (ID numbers already masked), reason;
    through the safe writer, so what the file said comes back as text, never a formula."""
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = "错误报告"
    append_row(sheet, ["行号", "列", "填写内容", "错误原因"])
    for error in upload.errors:
        append_row(sheet, [error["row"], error["column"], error["value"], error["reason"]])
    total = max(upload.error_count, len(upload.errors))
    if total > len(upload.errors):
        append_row(sheet, [])
        append_row(sheet, ["", "", "", f"共 {total} 处错误，此处列出前 {len(upload.errors)} 处。"])
    for letter, width in zip("ABCD", (8, 18, 24, 70), strict=True):
        sheet.column_dimensions[letter].width = width
    return workbook_bytes(workbook)


def template_xlsx(batch: Batch) -> bytes:
    """The cohort template: the columns with drop-down lists, and an instructions sheet that
    lists the batch's levels."""
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = "报名信息"
    append_row(sheet, [c.header for c in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True, color="B00020" if column.required else "000000")
        cell.fill = PatternFill("solid", fgColor="EEF2F7")
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = max(12, len(column.header) * 2 + 4)
        if column.choices:
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join(column.choices) + '"',
                allow_blank=not column.required,
                showErrorMessage=True,
                errorTitle=column.header,
                error=f"请从下拉列表中选择{column.header}。",
            )
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}5000")
    sheet.column_dimensions["B"].width = 22
    sheet.freeze_panes = "A2"

    notes = workbook.create_sheet("填写说明")
    append_row(notes, [f"批次：{batch.name}（{batch.code}）"])
    append_row(notes, ["标红的列为必填项；有下拉列表的列请从列表中选择。不要删除、改名或调换列。"])
    append_row(notes, ["同一考生同一职业等级只填一行；已导入过的行再次导入不会重复创建。"])
    append_row(notes, [])
    append_row(notes, ["列名", "必填", "可选值/说明"])
    for column in COLUMNS:
        append_row(
            notes,
            [
                column.header,
                "是" if column.required else "",
                "、".join(column.choices) or column.hint,
            ],
        )
    append_row(notes, [])
    append_row(notes, ["本批次可申报的职业等级", "工种", "申报等级（填写此列文字）"])
    levels = BatchLevel.objects.filter(batch=batch).select_related(
        "standard_level__standard__occupation", "standard_level__standard__trade"
    )
    for bl in levels:
        standard = bl.standard_level.standard
        append_row(
            notes,
            [
                f"{standard.occupation.name}（{standard.occupation.code}）",
                standard.trade.name if standard.trade_id else "",
                bl.standard_level.get_level_display(),
            ],
        )
    notes.column_dimensions["A"].width = 40
    notes.column_dimensions["B"].width = 16
    notes.column_dimensions["C"].width = 60
    return workbook_bytes(workbook)

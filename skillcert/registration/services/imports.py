"""Bulk registration of a cohort from a spreadsheet (细则第三条: 报名, here by the agency for a
group such as a company's staff or a school's class).

Two steps, as the desk works: ``upload_registrations`` reads and checks every row and keeps the
file with its errors; only a file without errors may be imported, by ``start_import`` as a job
whose handler (``registration.jobs``) writes every application in one transaction.
"""

from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from skillcert.batches.deadlines import Step, guard_deadline
from skillcert.batches.models import Batch
from skillcert.core import audit
from skillcert.core.accounts.models import User
from skillcert.core.identity.crypto import encrypt_id_number, lookup_hash
from skillcert.core.jobs.models import Job, JobStatus
from skillcert.core.jobs.progress import ProgressReporter
from skillcert.core.jobs.services import start_job
from skillcert.core.tabular import TabularLimits
from skillcert.core.tabular.reader import SUFFIXES
from skillcert.registration import selectors
from skillcert.registration.access import require_desk
from skillcert.registration.errors import BulkImportError
from skillcert.registration.models import (
    Application,
    ApplicationState,
    Candidate,
    Channel,
    IdType,
    RegistrationImport,
)
from skillcert.registration.services.applications import (
    creation_changes,
    duplicate_check,
    initial_state,
    require_open_for_registration,
)
from skillcert.registration.services.import_files import validate_file
from skillcert.registration.services.import_table import Validation, ValidRow

BULK_CHUNK = 2000


def _today() -> date:
    return timezone.localdate()


def require_registration_open(batch: Batch, *, on: date) -> None:
    """The single-application rules (batch announced, within the announced period), and the
    data-report deadline: 细则第五条 reports the candidates by T−8 WD, so a list imported later
    could not be reported."""
    require_open_for_registration(batch, on=on)
    guard_deadline(batch, Step.DATA_REPORT, on=on)


def _store_validation(upload: RegistrationImport, validation: Validation) -> None:
    upload.row_count = validation.row_count
    upload.errors = [e.as_dict() for e in validation.errors]
    upload.error_count = validation.error_count
    upload.validated = True


@transaction.atomic
def upload_registrations(
    *, actor: User, batch: Batch, file: UploadedFile, on: date | None = None
) -> RegistrationImport:
    """Keep the uploaded cohort file with every row's problems; writes no application."""
    on = on or _today()
    require_desk(actor, batch.agency)
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


@transaction.atomic
def start_import(*, actor: User, upload: RegistrationImport, on: date | None = None) -> Job:
    """Start the job that writes a checked file's applications."""
    on = on or _today()
    require_desk(actor, upload.agency)
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


def _candidates(
    batch: Batch, rows: list[ValidRow], hashes: list[str], now
) -> tuple[dict[str, Candidate], int]:
    """This agency's record of each row's person by lookup hash, created from the row's own
    columns where the agency has none (in bulk); returns the records and how many are new."""
    found: dict[str, Candidate] = {}
    unique_hashes = list(dict.fromkeys(hashes))
    for i in range(0, len(unique_hashes), BULK_CHUNK):
        chunk = unique_hashes[i : i + BULK_CHUNK]
        found.update(
            (c.id_number_hash, c)
            for c in Candidate.objects.filter(
                agency_id=batch.agency_id, id_number_hash__in=chunk
            ).only("pk", "name", "id_number_hash", "agency_id", "user_id")
        )
    new_candidates: list[Candidate] = []
    for row, h in zip(rows, hashes, strict=True):
        if h in found:
            continue
        found[h] = Candidate(
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
        new_candidates.append(found[h])
    for i in range(0, len(new_candidates), BULK_CHUNK):
        Candidate.objects.bulk_create(new_candidates[i : i + BULK_CHUNK])
    return found, len(new_candidates)


def write_applications(
    *,
    actor: User,
    batch: Batch,
    rows: list[ValidRow],
    reporter: ProgressReporter | _NullReporter | None = None,
) -> ImportOutcome:
    """Find or create each candidate in the batch's agency by lookup hash and create the missing
    applications, in bulk, with one audit event per application created.

    The caller holds the transaction. Person data is per agency: a row creates this agency's
    record from the row's own columns, never from another agency's record of the same person;
    a record this agency already holds keeps its data (the spreadsheet does not overwrite what
    the person or the desk entered). Duplicates are found by the same check as the window's
    (``applications.duplicate_check``): a person already applying for the level is skipped, an
    overlapping application elsewhere is linked for the reviewer.
    """
    reporter = reporter or _NullReporter()
    now = timezone.now()
    hashes = [lookup_hash(r.id_number) for r in rows]
    reporter.total(len(set(hashes)), message="正在登记考生…")
    candidates, candidates_created = _candidates(batch, rows, hashes, now)
    reporter.advance(len(set(hashes)))
    existing = selectors.import_keys_in(batch)
    found = duplicate_check(
        batch=batch,
        candidate_ids=[c.pk for c in candidates.values()],
        id_hashes=set(hashes),
    )
    levels = {bl.pk: bl for bl in selectors.batch_levels(batch)}
    state = initial_state(imported=True)
    already_imported = already_registered = 0
    applications: list[Application] = []
    for row, h in zip(rows, hashes, strict=True):
        key = import_key(batch.pk, h, row.batch_level_id)
        candidate = candidates[h]
        level = levels[row.batch_level_id]
        if key in existing:
            already_imported += 1
            continue
        if (candidate.pk, level.pk) in found.registered:
            already_registered += 1
            continue
        found.registered.add((candidate.pk, level.pk))
        applications.append(
            Application(
                agency=batch.agency,
                batch=batch,
                batch_level=level,
                candidate=candidate,
                state=state,
                channel=Channel.BULK,
                facts=row.facts,
                exam_types=row.exam_types,
                import_key=key,
                duplicate_of_id=found.overlapping_with(h, level),
                created_by_id=actor.pk,
                created_at=now,
                updated_at=now,
                submitted_at=now if state == ApplicationState.SUBMITTED else None,
            )
        )
    reporter.total(len(rows), message="正在创建申报…")
    reporter.advance(already_imported + already_registered)
    for i in range(0, len(applications), BULK_CHUNK):
        chunk = applications[i : i + BULK_CHUNK]
        Application.objects.bulk_create(chunk)
        reporter.advance(len(chunk))
    # The same event per application as the window's, written in bulk inside this transaction.
    audit.record_many(
        actor=actor,
        action="registration.create_application",
        items=(
            (app, creation_changes(app, batch=batch, batch_level=app.batch_level))
            for app in applications
        ),
        agency=batch.agency,
    )
    return ImportOutcome(
        created=len(applications),
        already_imported=already_imported,
        already_registered=already_registered,
        candidates_created=candidates_created,
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
    require_desk(actor, upload.agency)
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
        # And one event for the whole file: counts, name and digest, never a plaintext ID number.
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


def import_stored_file(
    *, actor: User, upload_id: int, on: date, reporter: ProgressReporter | None = None
) -> ImportOutcome:
    """The import job's work: the stored, checked file written all or nothing."""
    upload = RegistrationImport.objects.select_related("batch__agency", "agency").get(pk=upload_id)
    return run_import(actor=actor, upload=upload, on=on, reporter=reporter)


def check_stored_file(
    *, upload_id: int, on: date, reporter: ProgressReporter | None = None
) -> tuple[RegistrationImport, Validation]:
    """Check a large stored file in the worker and keep its first errors with their count."""
    reporter = reporter or _NullReporter()
    upload = RegistrationImport.objects.select_related("batch").get(pk=upload_id)
    reporter.total(1, message="正在校验文件…")
    with upload.file.open("rb") as fh:
        data = fh.read()
    validation = validate_file(batch=upload.batch, data=data, filename=upload.original_name, on=on)
    _store_validation(upload, validation)
    upload.save(update_fields=["row_count", "errors", "error_count", "validated"])
    reporter.advance(1)
    return upload, validation

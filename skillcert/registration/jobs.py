"""Registration's background jobs: checking and importing a bulk registration file. The app
config discovers this module; the work itself is in ``services.imports``."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from skillcert.core.jobs.models import Job
from skillcert.core.jobs.progress import ProgressReporter
from skillcert.core.jobs.registry import job_handler
from skillcert.registration.services import imports


@job_handler("registration.validate_import")
def validate_import(
    job: Job, reporter: ProgressReporter, *, upload_id: int, on: str
) -> dict[str, Any]:
    """Check a large stored file in the worker and keep its first errors with their count."""
    upload, validation = imports.check_stored_file(
        upload_id=upload_id, on=date.fromisoformat(on), reporter=reporter
    )
    if validation.error_count:
        summary = f"校验完成：{validation.row_count} 行，发现 {validation.error_count} 处错误。"
    else:
        summary = f"校验通过：{validation.row_count} 行全部无误，可以导入。"
    return {
        "summary": summary,
        "url": reverse("registration:import_detail", args=[upload.pk]),
        "url_label": "查看校验结果",
    }


@job_handler("registration.import")
def import_applications(
    job: Job, reporter: ProgressReporter, *, upload_id: int, on: str
) -> dict[str, Any]:
    """Write a checked file's applications, all or nothing."""
    outcome = imports.import_stored_file(
        actor=job.started_by, upload_id=upload_id, on=date.fromisoformat(on), reporter=reporter
    )
    return {
        "summary": outcome.summary,
        "created": outcome.created,
        "already_imported": outcome.already_imported,
        "already_registered": outcome.already_registered,
    }

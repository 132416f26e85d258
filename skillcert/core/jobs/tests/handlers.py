"""Handlers the tests register, standing in for the real ones later stages supply."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.db import transaction

from skillcert.core.accounts.models import User
from skillcert.core.errors import DomainError
from skillcert.core.jobs.models import Job
from skillcert.core.jobs.progress import ProgressReporter
from skillcert.core.jobs.registry import job_handler
from skillcert.core.jobs.services import cancel_job
from skillcert.core.orgs.models import Agency
from skillcert.core.orgs.tests.factories import AgencyFactory

# How far each run of test.cancel_midway got before it stopped.
REACHED: list[int] = []


@job_handler("test.count")
def count_rows(job: Job, reporter: ProgressReporter, *, rows: int) -> dict[str, Any]:
    reporter.total(rows, message="开始处理")
    for i in range(rows):
        reporter.advance(message=f"正在处理第 {i + 1} 行")
    return {"summary": f"共处理 {rows} 行。", "rows": rows, "url": "/media/out.xlsx"}


@job_handler("test.observe")
def observe_progress(job: Job, reporter: ProgressReporter) -> dict[str, Any]:
    """Reads its own row half-way, as the polling page would."""
    reporter.total(4, message="开始")
    reporter.advance(message="第 1 行")
    reporter.advance(message="第 2 行")
    seen = Job.objects.get(pk=job.pk)
    reporter.advance(2)
    return {"seen_done": seen.progress_done, "seen_message": seen.message}


@job_handler("test.refuse")
def refuse(job: Job, reporter: ProgressReporter, *, reason: str) -> dict[str, Any]:
    reporter.total(10)
    raise DomainError(reason, code="test_refused")


@job_handler("test.crash")
def crash(job: Job, reporter: ProgressReporter) -> dict[str, Any]:
    reporter.total(3)
    reporter.advance()
    raise RuntimeError("内部细节：连接串 postgres://secret")


@job_handler("test.cancel_midway")
def cancel_midway(
    job: Job, reporter: ProgressReporter, *, canceller_id: int, rows: int
) -> dict[str, Any]:
    """Someone cancels after the first row; the rest is written in one transaction."""
    reporter.total(rows)
    reporter.advance()
    cancel_job(actor=User.objects.get(pk=canceller_id), job=job)
    with transaction.atomic():
        for i in range(1, rows):
            AgencyFactory(name=f"取消测试机构{i}")
            REACHED.append(i)
            reporter.advance()
    return {"summary": "不应到达此处"}


def cancel_test_agencies() -> int:
    return Agency.objects.filter(name__startswith="取消测试机构").count()


@job_handler("test.slow_import")
def slow_import(
    job: Job, reporter: ProgressReporter, *, rows: int, marker: str = "", pause: float = 0.0
) -> dict[str, Any]:
    """Writes ``rows`` agencies in one transaction, like an import; half-way it leaves a marker
    file and waits ``pause`` seconds, so a test can kill the worker mid-job."""
    reporter.total(rows, message="开始导入")
    with transaction.atomic():
        for i in range(rows):
            AgencyFactory(name=f"导入测试机构{i}")
            reporter.advance()
            if marker and i == rows // 2:
                Path(marker).write_text(str(job.pk))
                time.sleep(pause)
    return {"summary": f"已导入 {rows} 个机构。", "rows": rows}

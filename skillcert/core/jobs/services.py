"""Starting, cancelling and running jobs. Every change of a job's status happens here."""

from __future__ import annotations

import inspect
import json
import logging
import os
import socket
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from skillcert.core import audit
from skillcert.core.accounts.models import User
from skillcert.core.accounts.permissions import has_role, require_visible_agency
from skillcert.core.accounts.roles import AGENCY_MANAGERS
from skillcert.core.errors import DomainError, IllegalTransition, PermissionDenied
from skillcert.core.jobs.models import Job, JobStatus
from skillcert.core.jobs.progress import JobCancelled, ProgressReporter
from skillcert.core.jobs.registry import get_handler
from skillcert.core.jobs.selectors import get_visible_job
from skillcert.core.orgs.models import Agency

logger = logging.getLogger("skillcert.jobs")

GENERIC_ERROR = "任务执行时发生系统错误，已记录日志。请稍后重试；如仍失败，请联系系统管理员。"
INTERRUPTED_ERROR = "任务执行进程被中止，任务未完成，未写入任何数据。请重新发起。"
ENQUEUE_ERROR = "任务未能进入执行队列，请稍后重新发起。"

TRANSITIONS: dict[str, frozenset[str]] = {
    JobStatus.QUEUED: frozenset({JobStatus.RUNNING, JobStatus.CANCELLED, JobStatus.FAILED}),
    JobStatus.RUNNING: frozenset(
        {JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED, JobStatus.INTERRUPTED}
    ),
    JobStatus.SUCCEEDED: frozenset(),
    JobStatus.INTERRUPTED: frozenset(),
    JobStatus.FAILED: frozenset(),
    JobStatus.CANCELLED: frozenset(),
}


def _check_transition(job: Job, to: JobStatus) -> None:
    if to not in TRANSITIONS[job.status]:
        raise IllegalTransition(
            f"任务“{job.title}”当前{job.get_status_display()}，不能改为{to.label}。"
        )


def _check_params(kind: str, params: dict[str, Any]) -> None:
    """Refuse at once what the worker would only refuse later, out of the caller's sight."""
    handler = get_handler(kind)
    try:
        inspect.signature(handler).bind(None, None, **params)
    except TypeError as exc:
        raise TypeError(f"Bad params for job {kind!r}: {exc}") from exc
    json.dumps(params, cls=DjangoJSONEncoder)


@transaction.atomic
def start_job(
    *,
    actor: User,
    kind: str,
    title: str,
    agency: Agency | None = None,
    params: dict[str, Any] | None = None,
) -> Job:
    """Record a job and queue it; the worker picks it up once this transaction commits.

    ``params`` are passed to the handler as keyword arguments after a round trip through JSON
    (dates arrive as ISO strings), the same in tests as in the worker. The caller checks whether
    the actor may do the work itself; this only checks that the actor may see the agency.
    """
    params = dict(params or {})
    _check_params(kind, params)
    if agency is not None:
        require_visible_agency(actor, agency)
    job = Job.objects.create(
        kind=kind,
        title=title,
        params=params,
        agency=agency,
        started_by=actor,
        message="排队等待执行…",
    )
    audit.record(actor=actor, action="job.start", obj=job, changes={"kind": kind, "title": title})
    # A worker in another process must never pick up a task whose job row it cannot read yet.
    transaction.on_commit(partial(_enqueue, job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from skillcert.core.jobs.tasks import run_job_task

    try:
        task_result = run_job_task.enqueue(job_id)
    except Exception:
        # The job row is committed already; without this it would wait in the queue forever.
        logger.exception("Could not enqueue job %s", job_id)
        Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
            status=JobStatus.FAILED,
            error=ENQUEUE_ERROR,
            error_code="enqueue_failed",
            message="",
            finished_at=timezone.now(),
        )
        return
    Job.objects.filter(pk=job_id).update(task_result_id=str(task_result.id))


def can_cancel(user: User, job: Job) -> bool:
    if not job.is_active or not user.is_authenticated:
        return False
    if job.started_by_id == user.pk:
        return True
    return job.agency is not None and has_role(user, job.agency, *AGENCY_MANAGERS)


@transaction.atomic
def cancel_job(*, actor: User, job: Job) -> Job:
    """Cancel a queued job at once; ask a running one to stop at its next progress write."""
    job = get_visible_job(actor, job.pk)
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.is_active and not can_cancel(actor, job):
        raise PermissionDenied("只有任务发起人或本机构的机构管理员、机构负责人可以取消此任务。")
    _check_transition(job, JobStatus.CANCELLED)
    before = job.status
    now = timezone.now()
    gone = job.status == JobStatus.RUNNING and worker_is_gone(job, now=now)
    if job.status == JobStatus.QUEUED or gone:
        # A running job whose worker is gone would never reach its next progress write: cancel
        # it here, or the page would say "正在取消…" for ever.
        job.status = JobStatus.CANCELLED
        job.finished_at = now
        job.message = ""
    elif job.cancel_requested:
        return job
    else:
        job.message = "正在取消…"
    job.cancel_requested = True
    job.save(update_fields=["status", "finished_at", "message", "cancel_requested"])
    changes: dict[str, Any] = {"status": before}
    if gone:
        changes["worker_gone"] = job.worker
    audit.record(actor=actor, action="job.cancel", obj=job, changes=changes)
    return job


# --- the worker's lease ---------------------------------------------------------------------


def worker_identity() -> str:
    """This process as the job row records it: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


def lease_until(now: datetime) -> datetime:
    return now + timedelta(seconds=settings.JOB_LEASE_SECONDS)


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A killed child its parent has not reaped yet still answers signals: it is a zombie.
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def worker_is_gone(job: Job, *, now: datetime) -> bool:
    """Whether the process running ``job`` has vanished.

    On this host the process table decides: a live worker in a long transaction (where it cannot
    renew its lease) is not mistaken for a dead one. For a worker on another host, the lease
    decides; the lease also covers jobs started before workers recorded themselves.
    """
    host, _, pid = job.worker.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        return not _process_alive(int(pid))
    expires = job.lease_expires_at
    if expires is None and job.started_at is not None:
        expires = lease_until(job.started_at)
    return expires is None or expires < now


def recover_interrupted_jobs(*, now: datetime | None = None) -> list[Job]:
    """Mark running jobs whose worker is gone as interrupted (or cancelled, if asked to stop).

    A worker calls this as it starts. The handler's own transactions rolled back with the dead
    process, so nothing half-written remains; the work can be started again.
    """
    now = now or timezone.now()
    ended = []
    for job_id in Job.objects.filter(status=JobStatus.RUNNING).values_list("pk", flat=True):
        job = _interrupt_if_gone(job_id, now=now)
        if job is not None:
            ended.append(job)
    return ended


@transaction.atomic
def _interrupt_if_gone(job_id: int, *, now: datetime) -> Job | None:
    job = Job.objects.select_for_update().get(pk=job_id)
    if job.status != JobStatus.RUNNING or not worker_is_gone(job, now=now):
        return None
    status = JobStatus.CANCELLED if job.cancel_requested else JobStatus.INTERRUPTED
    _check_transition(job, status)
    job.status = status
    job.finished_at = now
    job.message = ""
    if status == JobStatus.INTERRUPTED:
        job.error, job.error_code = INTERRUPTED_ERROR, "interrupted"
    job.save(update_fields=["status", "finished_at", "message", "error", "error_code"])
    audit.record(
        action="job.interrupt",
        obj=job,
        changes={
            "status": [JobStatus.RUNNING.value, status.value],
            "worker": job.worker,
            "lease_expires_at": job.lease_expires_at,
            "progress": [job.progress_done, job.progress_total],
        },
    )
    logger.warning("Job %s (%s) on worker %s ended as %s", job.pk, job.kind, job.worker, status)
    return job


def run_job(*, job_id: int) -> str:
    """Run the job's handler in the worker (or inline in tests) and record how it ended.

    Not atomic on purpose: progress writes must commit as they happen so the page can show them;
    the handler opens its own transactions where its work must be all-or-nothing.
    """
    job = _mark_running(job_id)
    if job is None:
        return "skipped"
    reporter = ProgressReporter(job)
    try:
        handler = get_handler(job.kind)
        result = handler(job, reporter, **job.params) or {}
        if not isinstance(result, dict):
            raise TypeError(f"Job handler for {job.kind!r} returned {type(result).__name__}")
        json.dumps(result, cls=DjangoJSONEncoder)
    except JobCancelled:
        _finish(job, JobStatus.CANCELLED)
    except DomainError as exc:
        _finish(job, JobStatus.FAILED, error=exc.message, error_code=exc.code)
    except Exception:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        _finish(job, JobStatus.FAILED, error=GENERIC_ERROR, error_code="internal_error")
    except BaseException:
        # A second Ctrl+C or SIGTERM stops the worker mid-task; do not leave the job "running".
        _finish(job, JobStatus.INTERRUPTED, error=INTERRUPTED_ERROR, error_code="interrupted")
        raise
    else:
        _finish(job, JobStatus.SUCCEEDED, result=result, reporter=reporter)
    return job.status


@transaction.atomic
def _mark_running(job_id: int) -> Job | None:
    job = Job.objects.select_for_update().filter(pk=job_id).first()
    if job is None:
        logger.warning("Job %s no longer exists; task skipped", job_id)
        return None
    if job.status != JobStatus.QUEUED:
        # Cancelled while it waited in the queue.
        logger.info("Job %s is %s, not queued; task skipped", job_id, job.status)
        return None
    _check_transition(job, JobStatus.RUNNING)
    job.status = JobStatus.RUNNING
    job.started_at = timezone.now()
    job.message = "正在执行…"
    job.worker = worker_identity()
    job.lease_expires_at = lease_until(job.started_at)
    job.save(update_fields=["status", "started_at", "message", "worker", "lease_expires_at"])
    return job


def _finish(
    job: Job,
    status: JobStatus,
    *,
    result: dict[str, Any] | None = None,
    error: str = "",
    error_code: str = "",
    reporter: ProgressReporter | None = None,
) -> None:
    _check_transition(job, status)
    job.status = status
    job.result = result
    job.error = error
    job.error_code = error_code
    job.message = ""
    job.finished_at = timezone.now()
    fields = ["status", "result", "error", "error_code", "message", "finished_at"]
    if reporter is not None:
        # The last throttled write may be up to one interval behind.
        job.progress_done, job.progress_total = reporter.done, reporter.count
        fields += ["progress_done", "progress_total"]
    job.save(update_fields=fields)

"""Issue 20, finding 4: a worker killed mid-job leaves no job "running" for ever.

The first test is the real thing: a ``run_worker`` process on a file-based SQLite database is
killed with SIGKILL in the middle of an import-like job that writes in one transaction; the next
worker marks the job interrupted, nothing of it was written, and the job started again succeeds.
The others pin the rules in-process: the lease, the same-host process check, cancel.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from skillcert.core.audit.models import AuditEvent
from skillcert.core.jobs.models import Job, JobStatus
from skillcert.core.jobs.services import (
    _mark_running,
    cancel_job,
    recover_interrupted_jobs,
    run_job,
    start_job,
    worker_identity,
)
from skillcert.core.jobs.tests import handlers  # noqa: F401  (registers the test handlers)

ROWS = 40

# Each script is one process: Django starts once (about 2 s on the shared machine), then it
# optionally queues the import-like job, then runs the worker with the given arguments.
WORKER = """
import django, sys
django.setup()
import skillcert.core.jobs.tests.handlers
from django.core.management import call_command
from skillcert.core.accounts.models import User
from skillcert.core.accounts.tests.factories import UserFactory
from skillcert.core.jobs.services import start_job

marker, pause, *worker_args = sys.argv[1:]
if marker != "-":
    user = User.objects.first() or UserFactory()
    job = start_job(actor=user, kind="test.slow_import", title="导入测试",
                    params={"rows": %d, "marker": marker, "pause": float(pause)})
    print("job", job.pk, flush=True)
call_command("run_worker", "--no-startup-delay", "--interval", "0.1", *worker_args)
if "--batch" in worker_args:
    call_command("verify_audit")
"""


class WorkerWorld:
    def __init__(self, tmp_path: Path) -> None:
        self.db = tmp_path / "worker.sqlite3"
        self.env = os.environ | {
            "SKILLCERT_DATABASE_URL": f"sqlite:///{self.db}",
            "SKILLCERT_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "SKILLCERT_AUDIT_ANCHOR_DIR": str(tmp_path / "anchors"),
            "DJANGO_SETTINGS_MODULE": "skillcert.settings",
            "PYTHONUNBUFFERED": "1",
        }
        self.cwd = str(django_settings.BASE_DIR)

    def worker(self, marker: str, *args: str, pause: float = 0.0) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-c", WORKER % ROWS, marker, str(pause), *args],
            env=self.env,
            cwd=self.cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def batch(self, marker: str) -> str:
        """Queue a job unless ``marker`` is "-", run a worker until the queue is empty."""
        process = self.worker(marker, "--batch")
        output, _ = process.communicate(timeout=180)
        assert process.returncode == 0, output
        return output

    def query(self, sql: str, *params: object) -> list[tuple]:
        with sqlite3.connect(self.db) as conn:
            return conn.execute(sql, params).fetchall()

    def job(self, job_id: int) -> tuple:
        return self.query(
            "SELECT status, progress_done, worker, error_code FROM jobs_job WHERE id = ?", job_id
        )[0]

    def imported(self) -> int:
        return self.query("SELECT COUNT(*) FROM orgs_agency WHERE name LIKE '导入测试机构%'")[0][0]


def test_kill_9_mid_import_is_interrupted_by_the_next_worker_and_a_retry_succeeds(tmp_path):
    world = WorkerWorld(tmp_path)
    migrated = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--verbosity", "0"],
        env=world.env,
        cwd=world.cwd,
        capture_output=True,
        text=True,
        timeout=300,  # generous: the shared 2-core machine can be very busy
    )
    assert migrated.returncode == 0, migrated.stderr
    marker = tmp_path / "half-way"

    worker = world.worker(str(marker), pause=60)
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert worker.poll() is None, worker.stdout.read()
            assert time.monotonic() < deadline, "the worker never reached the middle of the job"
            time.sleep(0.05)
        job_id = int(marker.read_text())
        status, _, worker_id, _ = world.job(job_id)
        assert status == "running" and worker_id.endswith(f":{worker.pid}")
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        worker.stdout.close()
    assert worker.returncode == -signal.SIGKILL

    # Stuck as the issue found it: "running", and nothing of the import written.
    assert world.job(job_id)[0] == "running"
    assert world.imported() == 0

    # The next worker to start notices, records why, and the job may be started again.
    output = world.batch("-")
    assert f"任务 #{job_id}" in output and "已中断" in output
    status, _, _, error_code = world.job(job_id)
    assert (status, error_code) == ("interrupted", "interrupted")
    assert world.imported() == 0
    events = world.query(
        "SELECT changes FROM audit_auditevent WHERE action = 'job.interrupt' AND object_id = ?",
        str(job_id),
    )
    assert len(events) == 1 and f":{worker.pid}" in events[0][0]

    # Started again (a new job for the same work), it runs to the end; the chain is intact.
    output = world.batch("")
    retry_id = int(output.split("job ", 1)[1].split()[0])
    assert world.job(retry_id)[0] == "succeeded"
    assert world.imported() == ROWS
    assert world.job(job_id)[0] == "interrupted"
    assert "审计链完整" in output


# --- the rules, in-process --------------------------------------------------------------------


@pytest.fixture
def running(agency_admin, agency):
    """A job a worker has claimed, as _mark_running leaves it."""
    job = start_job(
        actor=agency_admin, kind="test.count", title="一百行", agency=agency, params={"rows": 100}
    )
    return _mark_running(job.pk)


def _elsewhere(job: Job, *, expired: bool) -> None:
    lease = timezone.now() + timedelta(seconds=-5 if expired else 60)
    Job.objects.filter(pk=job.pk).update(worker="worker-host-2:4242", lease_expires_at=lease)


def test_claiming_records_the_worker_and_a_lease(running, settings):
    assert running.worker == worker_identity()
    lease = (running.lease_expires_at - running.started_at).total_seconds()
    assert lease == settings.JOB_LEASE_SECONDS


def test_progress_writes_renew_the_lease(running, settings):
    settings.JOB_LEASE_SECONDS = 3600
    Job.objects.filter(pk=running.pk).update(lease_expires_at=timezone.now())
    from skillcert.core.jobs.progress import ProgressReporter

    ProgressReporter(running).total(10)
    running.refresh_from_db()
    assert running.lease_expires_at > timezone.now() + timedelta(seconds=3500)


def test_an_expired_lease_on_another_host_is_interrupted_and_audited(running):
    _elsewhere(running, expired=True)
    ended = recover_interrupted_jobs()
    assert [j.pk for j in ended] == [running.pk]
    running.refresh_from_db()
    assert (running.status, running.error_code) == (JobStatus.INTERRUPTED, "interrupted")
    assert running.get_status_display() == "已中断" and "未写入任何数据" in running.error
    event = AuditEvent.objects.get(action="job.interrupt")
    assert event.object_id == str(running.pk) and event.changes["worker"] == "worker-host-2:4242"


def test_a_live_lease_elsewhere_is_left_running(running):
    _elsewhere(running, expired=False)
    assert recover_interrupted_jobs() == []
    running.refresh_from_db()
    assert running.status == JobStatus.RUNNING


def test_a_live_process_on_this_host_is_not_interrupted_even_past_its_lease(running):
    """A worker inside one long transaction cannot renew its lease; it is not dead for that."""
    Job.objects.filter(pk=running.pk).update(lease_expires_at=timezone.now() - timedelta(hours=1))
    assert recover_interrupted_jobs() == []


def test_a_dead_process_on_this_host_is_interrupted_at_once(running):
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    host = worker_identity().rpartition(":")[0]
    Job.objects.filter(pk=running.pk).update(worker=f"{host}:{child.pid}")
    assert [j.pk for j in recover_interrupted_jobs()] == [running.pk]


def test_cancel_of_a_job_whose_worker_is_gone_ends_it(running, agency_admin):
    _elsewhere(running, expired=True)
    job = cancel_job(actor=agency_admin, job=running)
    assert job.status == JobStatus.CANCELLED and job.finished_at is not None
    assert job.message == ""
    event = AuditEvent.objects.filter(action="job.cancel").latest("id")
    assert event.changes["worker_gone"] == "worker-host-2:4242"


def test_cancel_asked_before_the_worker_died_ends_as_cancelled(running, agency_admin):
    cancel_job(actor=agency_admin, job=running)  # worker alive: asks it to stop
    running.refresh_from_db()
    assert running.status == JobStatus.RUNNING and running.message == "正在取消…"
    _elsewhere(running, expired=True)
    recover_interrupted_jobs()
    running.refresh_from_db()
    assert running.status == JobStatus.CANCELLED


def test_an_interrupted_job_is_finished_and_not_run_again(running):
    _elsewhere(running, expired=True)
    recover_interrupted_jobs()
    assert run_job(job_id=running.pk) == "skipped"
    running.refresh_from_db()
    assert running.status == JobStatus.INTERRUPTED and not running.is_active

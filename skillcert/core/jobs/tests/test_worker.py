from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from skillcert.core.accounts.tests.factories import UserFactory
from skillcert.core.jobs.models import Job, JobStatus
from skillcert.core.jobs.services import start_job
from skillcert.core.jobs.tests import handlers  # noqa: F401  (registers the test handlers)

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _run_worker_once() -> str:
    out = StringIO()
    call_command("run_worker", "--batch", "--no-startup-delay", stdout=out)
    return out.getvalue()


def test_run_worker_processes_a_queued_job_on_the_database_backend(
    settings, agency_admin, agency, django_capture_on_commit_callbacks, monkeypatch
):
    settings.TASKS = DATABASE_TASKS
    # The worker drops connections it thinks are stale; inside this test's transaction that
    # would close the connection the test itself runs in (PostgreSQL).
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(
            actor=agency_admin,
            kind="test.count",
            title="五百行",
            agency=agency,
            params={"rows": 500},
        )
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    task_row = DBTaskResult.objects.get(pk=job.task_result_id)
    assert task_row.status == "READY"

    previous_handler = signal.getsignal(signal.SIGTERM)
    output = _run_worker_once()

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert (job.progress_done, job.result["rows"]) == (500, 500)
    task_row.refresh_from_db()
    assert task_row.status == "SUCCESSFUL"
    assert "后台任务执行进程已启动" in output and "后台任务执行进程已停止" in output
    assert signal.getsignal(signal.SIGTERM) is previous_handler


# Really committed, as in production: the task row exists only once start_job's transaction has
# committed. The root conftest gives transactional tests a serialized rollback, so the reference
# data that migrations seed is back for the tests after this one.
@pytest.mark.django_db(transaction=True)
def test_worker_runs_a_job_committed_by_start_job(settings):
    settings.TASKS = DATABASE_TASKS
    provincial_user = UserFactory()
    job = start_job(actor=provincial_user, kind="test.count", title="全区汇总", params={"rows": 3})
    assert DBTaskResult.objects.filter(pk=Job.objects.get(pk=job.pk).task_result_id).exists()

    _run_worker_once()

    job.refresh_from_db()
    assert (job.status, job.progress_done, job.agency) == (JobStatus.SUCCEEDED, 3, None)


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file database with every table: on start the worker also looks at jobs and the audit
    trail (interrupted jobs, the daily anchor)."""
    path = tmp_path_factory.mktemp("worker") / "worker.sqlite3"
    env = os.environ | {"SKILLCERT_DATABASE_URL": f"sqlite:///{path}"}
    manage = [sys.executable, str(django_settings.BASE_DIR / "manage.py")]
    subprocess.run([*manage, "migrate", "--verbosity", "0"], env=env, check=True)
    return path


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_run_worker_exits_cleanly_on_signal(migrated_database: Path, signum: int):
    env = os.environ | {
        "SKILLCERT_DATABASE_URL": f"sqlite:///{migrated_database}",
        "SKILLCERT_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "SKILLCERT_AUDIT_ANCHOR_DIR": str(migrated_database.parent / "anchors"),
        "PYTHONUNBUFFERED": "1",
    }
    manage = [sys.executable, str(django_settings.BASE_DIR / "manage.py")]
    worker = subprocess.Popen(
        [*manage, "run_worker", "--interval", "0.2", "--no-startup-delay"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        first_line = worker.stdout.readline()
        assert "后台任务执行进程已启动" in first_line
        time.sleep(0.5)  # let it reach its idle sleep between polls
        worker.send_signal(signum)
        output, _ = worker.communicate(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    assert worker.returncode == 0, output
    assert "后台任务执行进程已停止" in output
    assert "Traceback" not in output

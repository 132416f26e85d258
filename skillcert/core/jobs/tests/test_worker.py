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
from django_tasks_db.models import DBTaskResult

from skillcert.core.jobs.models import JobStatus
from skillcert.core.jobs.services import start_job
from skillcert.core.jobs.tests import handlers  # noqa: F401  (registers the test handlers)

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


# Transactional, so that start_job really commits and the worker reads committed rows; the
# serialized rollback puts back the seeded centres the flush at the end removes.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_run_worker_processes_a_queued_job_end_to_end(settings, agency_admin, agency):
    settings.TASKS = DATABASE_TASKS
    job = start_job(
        actor=agency_admin, kind="test.count", title="五百行", agency=agency, params={"rows": 500}
    )
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    task_row = DBTaskResult.objects.get(pk=job.task_result_id)
    assert task_row.status == "READY"

    out = StringIO()
    previous_handler = signal.getsignal(signal.SIGTERM)
    call_command("run_worker", "--batch", "--no-startup-delay", stdout=out)

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert (job.progress_done, job.result["rows"]) == (500, 500)
    task_row.refresh_from_db()
    assert task_row.status == "SUCCESSFUL"
    assert "后台任务执行进程已启动" in out.getvalue()
    assert "后台任务执行进程已停止" in out.getvalue()
    assert signal.getsignal(signal.SIGTERM) is previous_handler


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_run_worker_exits_cleanly_on_signal(tmp_path: Path, signum: int):
    env = os.environ | {
        "SKILLCERT_DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        "SKILLCERT_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "PYTHONUNBUFFERED": "1",
    }
    manage = [sys.executable, str(django_settings.BASE_DIR / "manage.py")]
    subprocess.run(
        [*manage, "migrate", "django_tasks_database", "--verbosity", "0"], env=env, check=True
    )
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

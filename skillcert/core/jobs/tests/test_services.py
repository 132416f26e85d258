from __future__ import annotations

import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from skillcert.core.audit.models import AuditEvent
from skillcert.core.errors import IllegalTransition, NotFound
from skillcert.core.jobs import progress
from skillcert.core.jobs.models import Job, JobStatus
from skillcert.core.jobs.services import GENERIC_ERROR, cancel_job, start_job
from skillcert.core.jobs.tests import handlers


def _run(capture, **kwargs) -> Job:
    with capture(execute=True):
        job = start_job(**kwargs)
    job.refresh_from_db()
    return job


def test_job_runs_to_success_with_progress_and_result(
    agency_admin, agency, django_capture_on_commit_callbacks
):
    job = _run(
        django_capture_on_commit_callbacks,
        actor=agency_admin,
        kind="test.count",
        title="测试导入",
        agency=agency,
        params={"rows": 7},
    )
    assert job.status == JobStatus.SUCCEEDED
    assert (job.progress_done, job.progress_total, job.percent) == (7, 7, 100)
    assert job.result == {"summary": "共处理 7 行。", "rows": 7, "url": "/media/out.xlsx"}
    assert job.result_url == "/media/out.xlsx"
    assert job.error == ""
    assert job.started_at is not None and job.finished_at >= job.started_at
    assert job.task_result_id


def test_start_is_audited(agency_admin, agency, django_capture_on_commit_callbacks):
    job = _run(
        django_capture_on_commit_callbacks,
        actor=agency_admin,
        kind="test.count",
        title="测试导入",
        agency=agency,
        params={"rows": 1},
    )
    event = AuditEvent.objects.get(action="job.start")
    assert event.object_id == str(job.pk)
    assert event.agency == agency
    assert event.changes == {"kind": "test.count", "title": "测试导入"}


def test_job_is_enqueued_only_when_the_transaction_commits(
    agency_admin, agency, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = start_job(
            actor=agency_admin, kind="test.count", title="t", agency=agency, params={"rows": 2}
        )
        job.refresh_from_db()
        assert job.status == JobStatus.QUEUED
        assert job.task_result_id == ""
    assert len(callbacks) == 1
    callbacks[0]()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED


def test_progress_is_visible_while_running(
    agency_admin, agency, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(progress, "WRITE_INTERVAL", 0)
    job = _run(
        django_capture_on_commit_callbacks,
        actor=agency_admin,
        kind="test.observe",
        title="t",
        agency=agency,
    )
    assert job.result == {"seen_done": 2, "seen_message": "第 2 行"}


def test_progress_writes_are_throttled(agency_admin, agency, django_capture_on_commit_callbacks):
    with CaptureQueriesContext(connection) as queries:
        job = _run(
            django_capture_on_commit_callbacks,
            actor=agency_admin,
            kind="test.count",
            title="五万行",
            agency=agency,
            params={"rows": 50_000},
        )
    job_updates = [
        q["sql"] for q in queries if q["sql"].startswith("UPDATE") and "jobs_job" in q["sql"]
    ]
    # total(), the final advance, marking running, finishing, the task id, and a few timed writes.
    assert len(job_updates) < 30
    assert (job.progress_done, job.status) == (50_000, JobStatus.SUCCEEDED)


def test_domain_error_fails_the_job_with_its_message(
    agency_admin, agency, django_capture_on_commit_callbacks
):
    job = _run(
        django_capture_on_commit_callbacks,
        actor=agency_admin,
        kind="test.refuse",
        title="t",
        agency=agency,
        params={"reason": "第 3 行身份证号码校验位错误，请更正后重新导入。"},
    )
    assert job.status == JobStatus.FAILED
    assert job.error == "第 3 行身份证号码校验位错误，请更正后重新导入。"
    assert job.error_code == "test_refused"
    assert job.result is None


def test_unexpected_error_fails_with_generic_message_and_is_logged(
    agency_admin, agency, django_capture_on_commit_callbacks, caplog
):
    with caplog.at_level(logging.ERROR, logger="skillcert.jobs"):
        job = _run(
            django_capture_on_commit_callbacks,
            actor=agency_admin,
            kind="test.crash",
            title="t",
            agency=agency,
        )
    assert job.status == JobStatus.FAILED
    assert job.error == GENERIC_ERROR
    assert "secret" not in job.error
    assert job.error_code == "internal_error"
    logged = [r for r in caplog.records if r.name == "skillcert.jobs"]
    assert logged and logged[0].exc_info[0] is RuntimeError


def test_cancelling_a_running_job_stops_it_and_rolls_back_its_transaction(
    agency_admin, agency, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(progress, "WRITE_INTERVAL", 0)
    handlers.REACHED.clear()
    job = _run(
        django_capture_on_commit_callbacks,
        actor=agency_admin,
        kind="test.cancel_midway",
        title="t",
        agency=agency,
        params={"canceller_id": agency_admin.pk, "rows": 100},
    )
    assert job.status == JobStatus.CANCELLED
    assert job.cancel_requested
    assert handlers.REACHED == [1]
    assert handlers.cancel_test_agencies() == 0
    assert AuditEvent.objects.filter(action="job.cancel", object_id=str(job.pk)).exists()


def test_cancelling_a_queued_job_means_it_never_runs(
    agency_admin, agency, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = start_job(
            actor=agency_admin, kind="test.count", title="t", agency=agency, params={"rows": 3}
        )
    cancel_job(actor=agency_admin, job=job)
    callbacks[0]()  # the worker picks the task up after the cancellation
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert job.progress_done == 0
    assert job.finished_at is not None


def test_a_finished_job_cannot_be_cancelled(
    agency_admin, agency, django_capture_on_commit_callbacks
):
    job = _run(
        django_capture_on_commit_callbacks,
        actor=agency_admin,
        kind="test.count",
        title="t",
        agency=agency,
        params={"rows": 1},
    )
    with pytest.raises(IllegalTransition):
        cancel_job(actor=agency_admin, job=job)


def test_another_agency_cannot_cancel(agency_admin, other_agency_admin, agency):
    job = start_job(
        actor=agency_admin, kind="test.count", title="t", agency=agency, params={"rows": 1}
    )
    with pytest.raises(NotFound):
        cancel_job(actor=other_agency_admin, job=job)
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED


def test_cannot_start_a_job_for_an_agency_out_of_sight(agency_admin, other_agency):
    with pytest.raises(NotFound):
        start_job(
            actor=agency_admin,
            kind="test.count",
            title="t",
            agency=other_agency,
            params={"rows": 1},
        )
    assert not Job.objects.exists()


def test_unknown_kind_and_wrong_params_are_refused_before_anything_is_written(agency_admin, agency):
    with pytest.raises(LookupError):
        start_job(actor=agency_admin, kind="no.such", title="t", agency=agency)
    with pytest.raises(TypeError):
        start_job(
            actor=agency_admin, kind="test.count", title="t", agency=agency, params={"row": 1}
        )
    assert not Job.objects.exists()

"""Issue 20, finding 4: an import whose worker died may be started again, and only then."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from skillcert.core.jobs.models import Job, JobStatus
from skillcert.core.jobs.services import _mark_running, recover_interrupted_jobs
from skillcert.registration import errors
from skillcert.registration.models import Application
from skillcert.registration.services import imports
from skillcert.registration.tests.factories import (
    IMPORT_TODAY as TODAY,
)
from skillcert.registration.tests.factories import (
    cohort_row as row,
)
from skillcert.registration.tests.factories import (
    fresh_id_number as id_number,
)
from skillcert.registration.tests.factories import (
    xlsx,
)
from skillcert.registration.tests.test_import_services import batch, run, upload  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def stuck(batch, exam_affairs_lead):  # noqa: F811
    """An import a worker claimed and then died on (on another host, its lease run out)."""
    checked = upload(exam_affairs_lead, batch, xlsx([row(batch, 证件号码=id_number())] * 1))
    job = imports.start_import(actor=exam_affairs_lead, upload=checked, on=TODAY)
    _mark_running(job.pk)
    Job.objects.filter(pk=job.pk).update(
        worker="worker-host-2:4242", lease_expires_at=timezone.now() - timedelta(seconds=1)
    )
    checked.refresh_from_db()
    return checked


def test_running_import_is_not_started_twice(stuck, exam_affairs_lead):
    with pytest.raises(errors.BulkImportError, match="该文件已发起导入"):
        imports.start_import(actor=exam_affairs_lead, upload=stuck, on=TODAY)


def test_interrupted_import_can_be_started_again_and_succeeds(
    stuck,
    exam_affairs_lead,
    run,  # noqa: F811
    client,
):
    first_job = stuck.job
    recover_interrupted_jobs()
    first_job.refresh_from_db()
    assert first_job.status == JobStatus.INTERRUPTED
    client.force_login(exam_affairs_lead)
    page = client.get(reverse("registration:import_detail", args=[stuck.pk]))
    assert "已中断" in page.text and "重新导入" in page.text

    job = run(stuck)
    assert job.status == JobStatus.SUCCEEDED and job.pk != first_job.pk
    stuck.refresh_from_db()
    assert stuck.job_id == job.pk
    assert Application.objects.count() == 1
    page = client.get(reverse("registration:import_detail", args=[stuck.pk]))
    assert "重新导入" not in page.text
    with pytest.raises(errors.BulkImportError, match="该文件已发起导入"):
        imports.start_import(actor=exam_affairs_lead, upload=stuck, on=TODAY)

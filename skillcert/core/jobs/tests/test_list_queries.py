"""The job list's query count does not grow with the jobs shown."""

from __future__ import annotations

from django.urls import reverse

from skillcert.core.accounts.models import Role
from skillcert.core.accounts.tests.factories import user_with_role
from skillcert.core.jobs.models import Job
from skillcert.core.tests.queries import assert_queries_do_not_grow


def test_job_list(client, agency, agency_admin):
    client.force_login(agency_admin)

    def add_row(i: int) -> None:
        starter = user_with_role(Role.EXAM_AFFAIRS_STAFF, agency=agency, full_name=f"发起人{i}")
        Job.objects.create(
            started_by=starter, agency=agency, kind="test.count", title=f"导入{i}号", params={}
        )

    assert_queries_do_not_grow(client, reverse("jobs:list"), add_row, shown=lambda i: f"导入{i}号")

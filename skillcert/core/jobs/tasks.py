"""The one django-tasks task: it runs whichever job it is given by id."""

from __future__ import annotations

from django_tasks import task


@task()
def run_job_task(job_id: int) -> str:
    from skillcert.core.jobs.services import run_job

    return run_job(job_id=job_id)

"""Which jobs a user may see: their own, and those of the agencies they may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from skillcert.core.accounts.models import User
from skillcert.core.accounts.permissions import visible_agencies
from skillcert.core.errors import NotFound
from skillcert.core.jobs.models import Job


def jobs_visible_to(user: User) -> QuerySet[Job]:
    """The starter sees their job; the agency's people and the supervisors of it see it too.

    A job with no agency (provincial work) is seen only by whoever started it.
    """
    if not user.is_authenticated:
        return Job.objects.none()
    return Job.objects.filter(
        Q(started_by=user) | Q(agency__in=visible_agencies(user))
    ).select_related("started_by", "agency")


def jobs_for(user: User, *, mine: bool = False, status: str = "", query: str = "") -> QuerySet[Job]:
    """The job list: the visible jobs, only the user's own ones when ``mine``, of one ``status``,
    with ``query`` in the title or kind; newest first as the model orders them."""
    jobs = jobs_visible_to(user)
    if mine:
        jobs = jobs.filter(started_by=user)
    if status:
        jobs = jobs.filter(status=status)
    if query:
        jobs = jobs.filter(Q(title__icontains=query) | Q(kind__icontains=query))
    return jobs


def get_visible_job(user: User, job_id: int) -> Job:
    """The job, or NotFound (404) when it does not exist or belongs to someone out of sight."""
    job = jobs_visible_to(user).filter(pk=job_id).first()
    if job is None:
        raise NotFound("未找到该任务，或您无权查看。")
    return job

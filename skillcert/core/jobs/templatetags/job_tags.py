from __future__ import annotations

from django import template

from skillcert.core.accounts.models import User
from skillcert.core.jobs.models import Job
from skillcert.core.jobs.services import can_cancel

register = template.Library()


@register.filter
def cancellable_by(job: Job, user: User) -> bool:
    """Whether to show the cancel button; cancel_job checks the same again."""
    return can_cancel(user, job)

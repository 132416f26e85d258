"""The worker task that delivers the outbox after a notify() commits."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_outbox_task() -> str:
    from skillcert.core.notifications.services import deliver_outbox

    report = deliver_outbox()
    return f"sent={report.sent} retrying={report.retrying} failed={report.failed}"

"""The handle a job's handler uses to report progress and to notice a cancellation."""

from __future__ import annotations

import time
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from skillcert.core.jobs.models import Job

# Seconds between progress writes. A 50,000-row import advances 50,000 times; writing each would
# cost more than the import, while the page only polls once a second anyway.
WRITE_INTERVAL = 0.5

_MESSAGE_LENGTH = Job._meta.get_field("message").max_length or 200


class JobCancelled(Exception):
    """Raised inside the handler at the next progress write after someone cancelled the job.

    Let it propagate: an ``atomic`` block it passes through rolls back, so a cancelled import
    writes nothing.
    """


class ProgressReporter:
    """Counts what the handler has done and writes it to the job row now and then.

    Every write is one ``UPDATE ... WHERE cancel_requested = false``; when it matches no row the
    job was cancelled, so the cancellation check costs no extra query.

    Inside an ``atomic`` block the handler opened, the reporter only reads the cancel flag: a
    write there would stay invisible to the polling page until the handler commits and, on
    PostgreSQL, would hold the row lock so that ``cancel_job`` waited for the whole transaction.
    The counts reach the page at the next report outside the block, or when the job finishes.
    """

    def __init__(self, job: Job, *, interval: float | None = None) -> None:
        self.job = job
        self.interval = WRITE_INTERVAL if interval is None else interval
        self.done = job.progress_done
        self.count = job.progress_total
        self.message = job.message
        self._last_write = time.monotonic()
        # The runner is outside any transaction in the worker, inside the test's in tests.
        self._outer_depth = len(connection.atomic_blocks)

    def total(self, n: int, *, message: str | None = None) -> None:
        """Start counting towards ``n`` items (a new phase starts again from 0). Writes now."""
        self.count = max(0, int(n))
        self.done = 0
        if message is not None:
            self.message = message
        self.flush()

    def advance(self, k: int = 1, *, message: str | None = None) -> None:
        """Count ``k`` more items done; writes only if the interval has passed or all are done."""
        self.done += k
        if self.count:
            self.done = min(self.done, self.count)
        if message is not None:
            self.message = message
        reached_end = bool(self.count) and self.done >= self.count
        if reached_end or time.monotonic() - self._last_write >= self.interval:
            self.flush()

    def flush(self) -> None:
        """Write the progress now; raise JobCancelled if the job was cancelled meanwhile."""
        self._last_write = time.monotonic()
        if len(connection.atomic_blocks) > self._outer_depth:
            if Job.objects.filter(pk=self.job.pk, cancel_requested=True).exists():
                raise JobCancelled(self.job.pk)
            return
        # Each write also renews the worker's lease on the job (see services.worker_is_gone).
        lease = timezone.now() + timedelta(seconds=settings.JOB_LEASE_SECONDS)
        updated = Job.objects.filter(pk=self.job.pk, cancel_requested=False).update(
            progress_done=self.done,
            progress_total=self.count,
            message=self.message[:_MESSAGE_LENGTH],
            lease_expires_at=lease,
        )
        self.job.progress_done, self.job.progress_total = self.done, self.count
        self.job.message = self.message[:_MESSAGE_LENGTH]
        if not updated:
            raise JobCancelled(self.job.pk)

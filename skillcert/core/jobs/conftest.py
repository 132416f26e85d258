"""Jobs run inline in these tests: the immediate backend executes a task as it is enqueued.

start_job enqueues on commit, so a test wraps it in ``django_capture_on_commit_callbacks(
execute=True)``; the job has run by the end of the ``with`` block.
"""

from __future__ import annotations

import pytest

IMMEDIATE_TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default"],
    }
}


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = IMMEDIATE_TASKS

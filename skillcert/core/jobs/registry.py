"""Which function does the work of each kind of job.

Later stages register their handlers in ``<app>/jobs.py``; the app config imports every such
module at start-up, so the web process (which validates ``start_job``) and the worker (which runs
the handler) both know every kind.

    @job_handler("registration.import")
    def import_applications(job: Job, reporter: ProgressReporter, *, upload_id: int) -> dict:
        ...
        return {"summary": "已导入 1,234 条申报", "created": 1234}
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ImproperlyConfigured

# (job: Job, reporter: ProgressReporter, **params) -> dict | None. The params are the handler's
# own keyword arguments, so no narrower type fits every handler.
JobHandler = Callable[..., dict[str, Any] | None]
H = TypeVar("H", bound=JobHandler)

_handlers: dict[str, JobHandler] = {}


def _identity(func: JobHandler) -> str:
    return f"{func.__module__}.{func.__qualname__}"


def job_handler(kind: str) -> Callable[[H], H]:
    """Register ``func(job, reporter, **params) -> dict`` as the handler for ``kind``."""

    def register(func: H) -> H:
        existing = _handlers.get(kind)
        # The same function imported twice (autoreload, test collection) is not a clash.
        if existing is not None and _identity(existing) != _identity(func):
            raise ImproperlyConfigured(
                f"Job kind {kind!r} is already handled by {_identity(existing)}"
            )
        _handlers[kind] = func
        return func

    return register


def get_handler(kind: str) -> JobHandler:
    try:
        return _handlers[kind]
    except KeyError:
        raise LookupError(f"No job handler is registered for {kind!r}") from None


def registered_kinds() -> list[str]:
    return sorted(_handlers)

"""Request facts the audit trail needs (IP, acting membership) without services reading request.

The middleware opens a context for each request; management commands and jobs run without one and
are recorded with an empty IP.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RequestContext:
    ip: str = ""
    membership: Any = None


_EMPTY = RequestContext()
_current: ContextVar[RequestContext | None] = ContextVar("audit_request_context", default=None)


def current() -> RequestContext:
    return _current.get() or _EMPTY


@contextmanager
def request_context(*, ip: str = "", membership: Any = None) -> Iterator[RequestContext]:
    ctx = RequestContext(ip=ip, membership=membership)
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)

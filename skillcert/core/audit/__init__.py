"""Audit trail. Services call ``audit.record(actor=..., action=..., obj=...)`` for every change,
or ``audit.record_many(...)`` for one event per object written in bulk.

The package itself imports no models, so that it can be imported while Django starts: ``record``
and ``record_many`` (in ``skillcert.core.audit.services``) are looked up on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from skillcert.core.audit.services import record, record_many

__all__ = ["record", "record_many"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from skillcert.core.audit import services

        return getattr(services, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

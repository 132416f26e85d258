"""Audit trail. Services call ``audit.record(actor=..., action=..., obj=...)`` for every change.

The package itself imports no models, so that it can be imported while Django starts: ``record``
(``skillcert.core.audit.services.record``) is looked up on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from skillcert.core.audit.services import record

__all__ = ["record"]


def __getattr__(name: str) -> Any:
    if name == "record":
        from skillcert.core.audit.services import record

        return record
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

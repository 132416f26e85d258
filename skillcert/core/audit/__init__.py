"""Audit trail. Services call ``audit.record(actor=..., action=..., obj=...)`` for every change.

The package itself imports no models, so that it can be imported while Django starts.
"""

from __future__ import annotations

from typing import Any


def record(**kwargs: Any) -> Any:
    from skillcert.core.audit.services import record as _record

    return _record(**kwargs)

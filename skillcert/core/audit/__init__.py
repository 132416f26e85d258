"""Audit trail. Services call ``audit.record(actor=..., action=..., obj=...)`` for every change.

The package itself imports no models, so that it can be imported while Django starts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.db import models

    from skillcert.core.audit.models import AuditEvent


def record(
    *,
    actor: Any = None,
    action: str,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    agency: Any = None,
) -> AuditEvent:
    """Append one event; see ``skillcert.core.audit.services.record``."""
    from skillcert.core.audit.services import record as _record

    return _record(actor=actor, action=action, obj=obj, changes=changes, agency=agency)


def record_many(
    *,
    actor: Any = None,
    action: str,
    items: Iterable[tuple[models.Model, dict[str, Any] | None]],
    agency: Any = None,
) -> int:
    """Append one event per item in bulk; see ``skillcert.core.audit.services.record_many``."""
    from skillcert.core.audit.services import record_many as _record_many

    return _record_many(actor=actor, action=action, items=items, agency=agency)

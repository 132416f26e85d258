"""Appending to the audit trail."""

from __future__ import annotations

from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from skillcert.core.audit.chain import GENESIS_HASH, event_digest
from skillcert.core.audit.context import current
from skillcert.core.audit.models import AuditEvent

# Any fixed 64-bit number: the PostgreSQL advisory lock that serialises appends to the chain.
_CHAIN_LOCK_KEY = 0x5C1A_0D17


def chain_payload(event: AuditEvent) -> dict[str, Any]:
    """The fields the hash covers, as plain JSON values."""
    return {
        "occurred_at": event.occurred_at.isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "role": event.role,
        "organisation_label": event.organisation_label,
        "agency_id": event.agency_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_label": event.object_label,
        "changes": event.changes,
        "ip": event.ip,
    }


def _lock_chain() -> None:
    # SQLite transactions here are IMMEDIATE, which already serialises writers.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])


def _last_hash() -> str:
    last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
    return last or GENESIS_HASH


@transaction.atomic
def record(
    *,
    actor: Any = None,
    action: str,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    agency: Any = None,
) -> AuditEvent:
    """Append one event. ``agency`` defaults to ``obj.agency`` or ``obj`` itself when it is one."""
    from skillcert.core.orgs.models import Agency

    ctx = current()
    membership = (
        ctx.membership
        if ctx.membership and ctx.membership.user_id == getattr(actor, "pk", None)
        else None
    )
    if agency is None and obj is not None:
        agency = obj if isinstance(obj, Agency) else getattr(obj, "agency", None)
    event = AuditEvent(
        occurred_at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=str(actor) if actor is not None else "系统",
        role=membership.role if membership else "",
        organisation_label=str(membership.organisation or "") if membership else "",
        agency=agency if isinstance(agency, Agency) else None,
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_label=str(obj)[:200] if obj is not None else "",
        changes=changes or {},
        ip=ctx.ip,
    )
    _lock_chain()
    event.prev_hash = _last_hash()
    event.hash = event_digest(event.prev_hash, chain_payload(event))
    event.save(force_insert=True)
    return event

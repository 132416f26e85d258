"""Appending to the audit trail: the only code that writes AuditEvent rows."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from skillcert.core.audit.chain import (
    CHAINED_FIELDS,
    CURRENT_VERSION,
    GENESIS_HASH,
    canonical_json,
    event_digest,
)
from skillcert.core.audit.chain import chain_payload as _payload_of_fields
from skillcert.core.audit.context import current
from skillcert.core.audit.keys import chain_key
from skillcert.core.audit.models import AuditEvent

# Any fixed 64-bit number: the PostgreSQL advisory lock that serialises appends to the chain.
_CHAIN_LOCK_KEY = 0x5C1A_0D17


def chain_payload(event: AuditEvent) -> dict[str, Any]:
    """The fields the hash covers, as plain JSON values."""
    return _payload_of_fields({name: getattr(event, name) for name in CHAINED_FIELDS})


def _lock_chain() -> None:
    # SQLite transactions here are IMMEDIATE, which already serialises writers. On PostgreSQL the
    # transaction-scoped lock is held until commit, so the next appender reads our hash.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])


def _last_hash() -> str:
    # Raw SQL: compiling the equivalent ORM query costs more than running it (bench/RESULTS.md).
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT hash FROM {table} ORDER BY id DESC LIMIT 1")
        row = cursor.fetchone()
    return row[0] if row else GENESIS_HASH


def _stored_changes(changes: dict[str, Any] | None) -> dict[str, Any]:
    # Dates, decimals and UUIDs become strings here, so the hash is taken over exactly what the
    # database will give back.
    if not changes:
        return {}
    return canonical_json(json.loads(json.dumps(changes, cls=DjangoJSONEncoder)))


def _actor_label(actor: Any) -> str:
    if actor is None:
        return "系统"
    if not getattr(actor, "is_authenticated", True):
        return "匿名用户"
    return str(actor)[:150]


def _acting_membership(ctx: Any, actor: Any) -> Any:
    """The membership the request acts in, when it is the actor's own (a service may record for
    someone other than the signed-in user, e.g. a job's starter)."""
    actor_pk = getattr(actor, "pk", None)
    if ctx.membership is not None and actor_pk and ctx.membership.user_id == actor_pk:
        return ctx.membership
    return None


@transaction.atomic
def record(
    *,
    actor: Any = None,
    action: str,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    agency: Any = None,
) -> AuditEvent:
    """Append one event to the chain and return it.

    ``actor`` is the acting user (None for the system). ``changes`` maps a field name to
    ``[old, new]`` for an edit; other keys hold facts about the action (``{"reason": ...}``).
    ``agency`` defaults to ``obj.agency`` (or ``obj`` when it is an agency), then to the agency
    of the membership the actor is acting in; it decides who may read the event.
    Role, organisation and IP come from the request context the middleware sets.
    """
    from skillcert.core.orgs.models import Agency

    ctx = current()
    membership = _acting_membership(ctx, actor)
    if agency is None and obj is not None:
        agency = obj if isinstance(obj, Agency) else getattr(obj, "agency", None)
    if agency is None and membership is not None:
        agency = membership.agency
    event = AuditEvent(
        occurred_at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=_actor_label(actor),
        role=membership.role if membership else "",
        organisation_label=str(membership.organisation or "")[:200] if membership else "",
        agency=agency if isinstance(agency, Agency) else None,
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_label=str(obj)[:200] if obj is not None else "",
        changes=_stored_changes(changes),
        ip=ctx.ip[:64],
    )
    _lock_chain()
    event.prev_hash = _last_hash()
    event.chain_version = CURRENT_VERSION
    event.hash = event_digest(
        event.prev_hash, chain_payload(event), key=chain_key(), version=CURRENT_VERSION
    )
    event.save(force_insert=True)
    return event


@transaction.atomic
def record_many(
    *,
    actor: Any = None,
    action: str,
    items: Iterable[tuple[models.Model, dict[str, Any] | None]],
    agency: Any = None,
    batch_size: int = 1000,
) -> int:
    """Append one event per ``(obj, changes)`` item, as ``record`` would one by one, in bulk.

    For a use case that creates many objects in one transaction (a bulk import): the events are
    chained in the order given, under the same lock as ``record``, and inserted in that order so
    that their ids follow the chain. ``agency`` applies to every event; without it each event
    takes ``obj.agency`` like ``record`` (load it with the objects to avoid a query each).
    Returns the number of events written.
    """
    from skillcert.core.orgs.models import Agency

    ctx = current()
    membership = _acting_membership(ctx, actor)
    fallback = membership.agency if membership is not None else None
    now = timezone.now()
    label = _actor_label(actor)
    key = chain_key()
    _lock_chain()
    prev = _last_hash()
    events: list[AuditEvent] = []
    for obj, changes in items:
        owner = agency
        if owner is None:
            owner = obj if isinstance(obj, Agency) else getattr(obj, "agency", None)
        if owner is None:
            owner = fallback
        event = AuditEvent(
            occurred_at=now,
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=label,
            role=membership.role if membership else "",
            organisation_label=str(membership.organisation or "")[:200] if membership else "",
            agency=owner if isinstance(owner, Agency) else None,
            action=action,
            object_type=obj._meta.label,
            object_id=str(obj.pk) if obj.pk is not None else "",
            object_label=str(obj)[:200],
            changes=_stored_changes(changes),
            ip=ctx.ip[:64],
            prev_hash=prev,
            chain_version=CURRENT_VERSION,
        )
        event.hash = event_digest(prev, chain_payload(event), key=key, version=CURRENT_VERSION)
        prev = event.hash
        events.append(event)
    for i in range(0, len(events), batch_size):
        AuditEvent.objects.bulk_create(events[i : i + batch_size])
    return len(events)

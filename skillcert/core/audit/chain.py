"""The hash chain itself: pure functions over plain values, no Django.

Each event's hash is HMAC-SHA256, keyed with a key only the application holds, over the previous
event's hash and a canonical JSON of the event's fields: someone with write access to the table
but not the key cannot recompute the chain after an edit. Events written before the key existed
carry ``chain_version`` 1 and were hashed with plain SHA-256; they still verify that way, and a
version-1 event after a version-2 one is itself a break (a downgrade to escape the key).

The same bytes must come out when the row is read back from SQLite or PostgreSQL, so every value
is reduced to a form both databases return unchanged: moments as UTC text with microseconds,
``changes`` as JSON with string keys, and floats that hold a whole number as integers (jsonb
stores numbers as ``numeric`` and gives 1e+20 back as 100000000000000000000).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = "0" * 64

# chain_version of each event: how its hash was computed.
LEGACY_SHA256 = 1  # plain SHA-256, before the chain was keyed
KEYED_HMAC_SHA256 = 2
CURRENT_VERSION = KEYED_HMAC_SHA256

# The event fields the hash covers, in the names the model and ``values()`` use.
CHAINED_FIELDS = (
    "occurred_at",
    "actor_id",
    "actor_label",
    "role",
    "organisation_label",
    "agency_id",
    "action",
    "object_type",
    "object_id",
    "object_label",
    "changes",
    "ip",
)


def canonical_moment(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("audit moments must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_json(value: Any) -> Any:
    """``value`` as the JSON the databases will give back: checked, with integral floats as ints.

    Call it on ``changes`` before storing; serialisable values that JSON cannot keep apart
    (tuples, date objects) must already have been turned into lists and strings.
    """
    if isinstance(value, bool) or value is None or isinstance(value, int | str):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("audit changes cannot hold NaN or infinity")
        return int(value) if value.is_integer() else value
    if isinstance(value, Mapping):
        return {str(k): canonical_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [canonical_json(v) for v in value]
    raise TypeError(f"audit changes cannot hold {type(value).__name__}")


def chain_payload(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The hashed payload of an event given its field values (a model's or a ``values()`` row)."""
    payload = {name: fields[name] for name in CHAINED_FIELDS}
    payload["occurred_at"] = canonical_moment(fields["occurred_at"])
    payload["changes"] = canonical_json(fields["changes"])
    return payload


def _canonical_bytes(prev_hash: str, payload: Mapping[str, Any]) -> bytes:
    canonical = json.dumps(
        payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    )
    return f"{prev_hash}\n{canonical}".encode()


def event_digest(
    prev_hash: str,
    payload: Mapping[str, Any],
    *,
    key: bytes | None,
    version: int = CURRENT_VERSION,
) -> str:
    """The event's hash: HMAC-SHA256 with ``key`` (version 2) or plain SHA-256 (version 1)."""
    data = _canonical_bytes(prev_hash, payload)
    if version == LEGACY_SHA256:
        return hashlib.sha256(data).hexdigest()
    if version == KEYED_HMAC_SHA256:
        if not key:
            raise ValueError("the keyed audit chain needs its key")
        return hmac.new(key, data, hashlib.sha256).hexdigest()
    raise ValueError(f"unknown audit chain version {version!r}")


def derive_key(master: bytes, purpose: str) -> bytes:
    """A sub-key per use of the one audit key, so a chain hash is never a valid anchor signature."""
    return hmac.new(master, f"skillcert-audit/{purpose}".encode(), hashlib.sha256).digest()


def anchor_message(*, day: str, last_event_id: int, last_hash: str, event_count: int) -> bytes:
    return f"skillcert-audit-anchor\n{day}\n{last_event_id}\n{last_hash}\n{event_count}".encode()


def anchor_signature(
    key: bytes, *, day: str, last_event_id: int, last_hash: str, event_count: int
) -> str:
    """HMAC-SHA256 over the anchored head: (date, last event id, last hash, number of events)."""
    message = anchor_message(
        day=day, last_event_id=last_event_id, last_hash=last_hash, event_count=event_count
    )
    return hmac.new(key, message, hashlib.sha256).hexdigest()

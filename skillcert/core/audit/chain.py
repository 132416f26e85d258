"""The hash chain itself: pure functions over plain values, no Django.

Each event's hash is SHA-256 over the previous event's hash and a canonical JSON of the event's
fields. The same bytes must come out when the row is read back from SQLite or PostgreSQL, so every
value is reduced to a form both databases return unchanged: moments as UTC text with microseconds,
``changes`` as JSON with string keys, and floats that hold a whole number as integers (jsonb
stores numbers as ``numeric`` and gives 1e+20 back as 100000000000000000000).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = "0" * 64

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


def event_digest(prev_hash: str, payload: Mapping[str, Any]) -> str:
    """SHA-256 over the previous hash and a canonical JSON of the event's fields."""
    canonical = json.dumps(
        payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    )
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()

"""Walking the chain to prove no event was edited, removed or slipped in."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from skillcert.core.audit.chain import CHAINED_FIELDS, GENESIS_HASH, chain_payload, event_digest

HASH_MISMATCH = "hash_mismatch"
PREV_HASH_MISMATCH = "prev_hash_mismatch"
ANCHOR_MISSING = "anchor_missing"


@dataclass(frozen=True)
class VerificationResult:
    ok: bool
    verified: int  # events whose link and hash were checked and found intact
    head_hash: str  # hash of the last intact event (GENESIS_HASH for an empty trail)
    broken_event_id: int | None = None
    problem: str = ""  # HASH_MISMATCH, PREV_HASH_MISMATCH or ANCHOR_MISSING
    message: str = ""


def verify_rows(
    rows: Iterable[Mapping[str, Any]], *, anchor: str | None = None
) -> VerificationResult:
    """Check rows (dicts with id, prev_hash, hash and the chained fields) in chain order.

    ``anchor`` is a head hash noted earlier outside the database (a supervisor's daily note);
    if given it must still be in the chain, which catches events cut off the end.
    """
    expected_prev = GENESIS_HASH
    verified = 0
    anchor_seen = anchor is None
    for row in rows:
        if row["prev_hash"] != expected_prev:
            where = "第一条事件之前" if verified == 0 else f"事件 #{row['id']} 之前"
            return VerificationResult(
                ok=False,
                verified=verified,
                head_hash=expected_prev,
                broken_event_id=row["id"],
                problem=PREV_HASH_MISMATCH,
                message=(
                    f"审计链在事件 #{row['id']} 处断开：其“前一条哈希”与链上前一条事件不符，"
                    f"{where}有事件被删除或插入。"
                ),
            )
        if event_digest(row["prev_hash"], chain_payload(row)) != row["hash"]:
            return VerificationResult(
                ok=False,
                verified=verified,
                head_hash=expected_prev,
                broken_event_id=row["id"],
                problem=HASH_MISMATCH,
                message=(f"审计事件 #{row['id']} 的内容与其哈希不符：该事件在写入后被修改过。"),
            )
        expected_prev = row["hash"]
        anchor_seen = anchor_seen or row["hash"] == anchor
        verified += 1
    if not anchor_seen:
        return VerificationResult(
            ok=False,
            verified=verified,
            head_hash=expected_prev,
            problem=ANCHOR_MISSING,
            message=(
                f"审计链中找不到此前记下的链头哈希 {anchor}：链尾有事件被删除，或记下的哈希有误。"
            ),
        )
    return VerificationResult(ok=True, verified=verified, head_hash=expected_prev)


def verify_chain(*, chunk_size: int = 2000, anchor: str | None = None) -> VerificationResult:
    """Walk every audit event in id order, in chunks (constant memory), to the first break."""
    from skillcert.core.audit.models import AuditEvent

    rows = (
        AuditEvent.objects.order_by("id")
        .values("id", "prev_hash", "hash", *CHAINED_FIELDS)
        .iterator(chunk_size=chunk_size)
    )
    return verify_rows(rows, anchor=anchor)

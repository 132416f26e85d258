"""Walking the chain to prove no event was edited, removed or slipped in.

Each event's hash is recomputed with the audit key (or plain SHA-256 for the events written
before the chain was keyed), its link to the one before is checked, and every signed anchor is
checked against the event it names: an anchor whose event is gone reveals events cut off the
end, and one whose hash differs reveals a chain rewritten after it was anchored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from skillcert.core.audit.chain import (
    CHAINED_FIELDS,
    GENESIS_HASH,
    KEYED_HMAC_SHA256,
    LEGACY_SHA256,
    chain_payload,
    event_digest,
)

if TYPE_CHECKING:
    from skillcert.core.audit.anchors import AnchorRecord

HASH_MISMATCH = "hash_mismatch"
PREV_HASH_MISMATCH = "prev_hash_mismatch"
DOWNGRADE = "downgrade"
ANCHOR_MISSING = "anchor_missing"
ANCHOR_MISMATCH = "anchor_mismatch"
ANCHOR_FORGED = "anchor_forged"


@dataclass(frozen=True)
class VerificationResult:
    ok: bool
    verified: int  # events whose link and hash were checked and found intact
    head_hash: str  # hash of the last intact event (GENESIS_HASH for an empty trail)
    broken_event_id: int | None = None
    problem: str = ""  # one of the constants above
    message: str = ""
    anchors_checked: int = 0
    broken_anchor: AnchorRecord | None = None


def verify_rows(
    rows: Iterable[Mapping[str, Any]],
    *,
    key: bytes | None,
    anchor: str | None = None,
    anchors: Sequence[AnchorRecord] = (),
) -> VerificationResult:
    """Check rows (dicts with id, prev_hash, hash, chain_version and the chained fields) in order.

    ``anchor`` is a bare head hash noted earlier by hand; it must still be in the chain.
    ``anchors`` are signed anchors (from the table and the files outside it); each must carry a
    valid signature and name an event that is still there with the hash it recorded.
    """
    for record in anchors:
        if not record.signature_ok():
            return VerificationResult(
                ok=False,
                verified=0,
                head_hash=GENESIS_HASH,
                problem=ANCHOR_FORGED,
                broken_anchor=record,
                message=f"{record.label}签名无效：锚点被伪造或改动，或审计密钥已更换。",
            )
    pending = sorted((a for a in anchors if a.last_event_id), key=lambda a: a.last_event_id)
    expected_prev = GENESIS_HASH
    verified = 0
    checked = len(anchors) - len(pending)
    keyed_seen = False
    anchor_seen = anchor is None
    last_id: int | None = None

    def broken(row_id: int | None, problem: str, message: str, record: Any = None) -> Any:
        return VerificationResult(
            ok=False,
            verified=verified,
            head_hash=expected_prev,
            broken_event_id=row_id,
            problem=problem,
            message=message,
            anchors_checked=checked,
            broken_anchor=record,
        )

    for row in rows:
        row_id = row["id"]
        while pending and pending[0].last_event_id < row_id:
            record = pending[0]
            return broken(
                record.last_event_id,
                ANCHOR_MISSING,
                f"{record.label}所记的事件 #{record.last_event_id} 缺失：该事件被删除。",
                record,
            )
        if row["prev_hash"] != expected_prev:
            where = "第一条事件之前" if verified == 0 else f"事件 #{row_id} 之前"
            return broken(
                row_id,
                PREV_HASH_MISMATCH,
                f"审计链在事件 #{row_id} 处断开：其“前一条哈希”与链上前一条事件不符，"
                f"{where}有事件被删除或插入。",
            )
        version = row.get("chain_version", LEGACY_SHA256)
        if version == LEGACY_SHA256 and keyed_seen:
            return broken(
                row_id,
                DOWNGRADE,
                f"审计事件 #{row_id} 标为未加密钥的旧链版本，但它之前的事件已使用密钥："
                "该事件被改写。",
            )
        try:
            digest = event_digest(row["prev_hash"], chain_payload(row), key=key, version=version)
        except (ValueError, TypeError):
            digest = None
        if digest != row["hash"]:
            return broken(
                row_id,
                HASH_MISMATCH,
                f"审计事件 #{row_id} 的内容与其哈希不符：该事件在写入后被修改过。",
            )
        keyed_seen = keyed_seen or version == KEYED_HMAC_SHA256
        expected_prev = row["hash"]
        anchor_seen = anchor_seen or row["hash"] == anchor
        verified += 1
        last_id = row_id
        while pending and pending[0].last_event_id == row_id:
            record = pending[0]
            if record.last_hash != row["hash"] or record.event_count != verified:
                return broken(
                    row_id,
                    ANCHOR_MISMATCH,
                    f"审计事件 #{row_id} 与{record.label}不符（锚点记录 {record.event_count} 条、"
                    f"现有 {verified} 条）：锚定之后审计链被改写。",
                    record,
                )
            pending.pop(0)
            checked += 1
    if pending:
        record = pending[0]
        end = f"止于事件 #{last_id}" if last_id is not None else "为空"
        return broken(
            record.last_event_id,
            ANCHOR_MISSING,
            f"审计链{end}，但{record.label}记录的链更长：链尾的事件被删除，"
            f"缺失的已锚定事件直到 #{record.last_event_id}。",
            record,
        )
    if not anchor_seen:
        return broken(
            None,
            ANCHOR_MISSING,
            f"审计链中找不到此前记下的链头哈希 {anchor}：链尾有事件被删除，或记下的哈希有误。",
        )
    return VerificationResult(
        ok=True, verified=verified, head_hash=expected_prev, anchors_checked=checked
    )


def verify_chain(
    *,
    chunk_size: int = 2000,
    anchor: str | None = None,
    anchors: Sequence[AnchorRecord] | None = None,
) -> VerificationResult:
    """Walk every audit event in id order, in chunks (constant memory), to the first break.

    ``anchors`` defaults to every anchor in the table and in ``AUDIT_ANCHOR_DIR``.
    """
    from skillcert.core.audit.anchors import all_anchors
    from skillcert.core.audit.keys import chain_key
    from skillcert.core.audit.models import AuditEvent

    if anchors is None:
        anchors = all_anchors()
    rows = (
        AuditEvent.objects.order_by("id")
        .values("id", "prev_hash", "hash", "chain_version", *CHAINED_FIELDS)
        .iterator(chunk_size=chunk_size)
    )
    return verify_rows(rows, key=chain_key(), anchor=anchor, anchors=anchors)

"""Signed daily anchors of the audit chain's head, kept in their own table and as files.

An anchor records (date, last event id, last hash, number of events) signed with a sub-key of
the audit key. ``verify_audit`` checks every anchor against the chain, so events cut off the end
after an anchor, or a chain rewritten with a stolen key, show up as a missing or mismatching
anchored event. The file copy under ``AUDIT_ANCHOR_DIR`` is the part outside the database.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from skillcert.core.audit.chain import GENESIS_HASH, anchor_signature
from skillcert.core.audit.keys import anchor_key
from skillcert.core.audit.models import AuditAnchor, AuditEvent
from skillcert.core.audit.services import _lock_chain


@dataclass(frozen=True)
class AnchorRecord:
    """An anchor as the verifier sees it, from the table or from a file."""

    day: str
    last_event_id: int
    last_hash: str
    event_count: int
    signature: str
    source: str = ""  # "表" / a file name, for messages

    @property
    def label(self) -> str:
        return f"{self.day} 的锚点（链头事件 #{self.last_event_id}，{self.source}）"

    def signature_ok(self) -> bool:
        expected = anchor_signature(
            anchor_key(),
            day=self.day,
            last_event_id=self.last_event_id,
            last_hash=self.last_hash,
            event_count=self.event_count,
        )
        return expected == self.signature

    def identity(self) -> tuple[str, int, str, int, str]:
        return (self.day, self.last_event_id, self.last_hash, self.event_count, self.signature)


def record_of(anchor: AuditAnchor) -> AnchorRecord:
    return AnchorRecord(
        day=anchor.day.isoformat(),
        last_event_id=anchor.last_event_id,
        last_hash=anchor.last_hash,
        event_count=anchor.event_count,
        signature=anchor.signature,
        source="锚点表",
    )


def anchor_dir() -> Path:
    return Path(settings.AUDIT_ANCHOR_DIR)


def file_name(anchor: AuditAnchor) -> str:
    return f"audit-anchor-{anchor.day.isoformat()}-{anchor.pk:06d}.json"


def _head() -> tuple[int, str, int]:
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, hash FROM {table} ORDER BY id DESC LIMIT 1")
        row = cursor.fetchone()
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        (count,) = cursor.fetchone()
    if row is None:
        return 0, GENESIS_HASH, 0
    return int(row[0]), row[1], int(count)


def _write_file(anchor: AuditAnchor) -> None:
    record = asdict(record_of(anchor))
    del record["source"]
    record["anchored_at"] = anchor.anchored_at.isoformat()
    directory = anchor_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / file_name(anchor)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(record, ensure_ascii=False, indent=2))
    tmp.replace(path)


@transaction.atomic
def write_anchor(*, now: datetime | None = None) -> AuditAnchor:
    """Anchor the chain's head as it is now, under today's date; the file follows the commit."""
    now = now or timezone.now()
    # The chain lock keeps an append from slipping in between reading the head and counting.
    _lock_chain()
    last_id, last_hash, count = _head()
    day = timezone.localdate(now)
    anchor = AuditAnchor(
        day=day,
        anchored_at=now,
        last_event_id=last_id,
        last_hash=last_hash,
        event_count=count,
        signature=anchor_signature(
            anchor_key(),
            day=day.isoformat(),
            last_event_id=last_id,
            last_hash=last_hash,
            event_count=count,
        ),
    )
    anchor.save(force_insert=True)
    transaction.on_commit(lambda: _write_file(anchor))
    return anchor


def anchor_if_due(*, now: datetime | None = None) -> AuditAnchor | None:
    """Write today's anchor unless there is one already (the worker calls this as it runs)."""
    now = now or timezone.now()
    if AuditAnchor.objects.filter(day=timezone.localdate(now)).exists():
        return None
    return write_anchor(now=now)


def anchors_from_table() -> list[AnchorRecord]:
    return [record_of(a) for a in AuditAnchor.objects.order_by("id")]


def anchors_from_files(directory: Path | None = None) -> list[AnchorRecord]:
    """Anchor files in ``directory``; an unreadable one is returned unsigned, so it fails."""
    directory = directory or anchor_dir()
    found = []
    for path in sorted(directory.glob("audit-anchor-*.json")) if directory.is_dir() else []:
        try:
            data = json.loads(path.read_text())
            found.append(
                AnchorRecord(
                    day=str(data["day"]),
                    last_event_id=int(data["last_event_id"]),
                    last_hash=str(data["last_hash"]),
                    event_count=int(data["event_count"]),
                    signature=str(data["signature"]),
                    source=path.name,
                )
            )
        except (ValueError, KeyError, TypeError, OSError):
            found.append(AnchorRecord("?", 0, "", 0, "", source=f"{path.name}（无法读取）"))
    return found


def all_anchors(directory: Path | None = None) -> list[AnchorRecord]:
    """The table's anchors and the files' anchors, each distinct anchor once."""
    seen: dict[tuple, AnchorRecord] = {}
    for record in [*anchors_from_table(), *anchors_from_files(directory)]:
        seen.setdefault(record.identity(), record)
    return list(seen.values())


@dataclass(frozen=True)
class AnchorState:
    anchor: AuditAnchor
    ok: bool
    message: str
    has_file: bool


def anchor_states(anchors: list[AuditAnchor]) -> list[AnchorState]:
    """Per anchor: signature valid, file present, anchored event present with the same hash."""
    hashes = dict(
        AuditEvent.objects.filter(pk__in=[a.last_event_id for a in anchors]).values_list(
            "id", "hash"
        )
    )
    directory = anchor_dir()
    states = []
    for anchor in anchors:
        record = record_of(anchor)
        has_file = (directory / file_name(anchor)).is_file()
        if not record.signature_ok():
            state = (False, "签名无效：锚点记录被改动，或审计密钥已更换。")
        elif anchor.last_event_id and anchor.last_event_id not in hashes:
            state = (False, f"链头事件 #{anchor.last_event_id} 已不在审计表中：事件被删除。")
        elif anchor.last_event_id and hashes[anchor.last_event_id] != anchor.last_hash:
            state = (False, f"事件 #{anchor.last_event_id} 的哈希与锚点不符：审计链被改写。")
        else:
            state = (True, "签名有效，链头事件与锚点一致。")
        states.append(AnchorState(anchor, state[0], state[1], has_file))
    return states

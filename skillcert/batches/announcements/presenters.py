"""Turn frozen snapshots and deadlines into what the templates show."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from skillcert.batches.deadlines import Step, deadline_for
from skillcert.batches.models import Batch
from skillcert.core.calendar import CalendarUnavailable
from skillcert.core.formats import yuan

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T")


def _convert(value: Any) -> Any:
    if isinstance(value, dict):
        out = {k: _convert(v) for k, v in value.items()}
        if isinstance(value.get("fee_fen"), int):
            out["fee_yuan"] = yuan(value["fee_fen"])
        return out
    if isinstance(value, list):
        return [_convert(v) for v in value]
    if isinstance(value, str):
        if _DATE.match(value):
            return date.fromisoformat(value)
        if _DATETIME.match(value):
            return datetime.fromisoformat(value)
    return value


def present_snapshot(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The snapshot with its ISO dates as dates (for cn_date) and fees in yuan."""
    return _convert(snapshot or {})


@dataclass(frozen=True)
class BatchDeadline:
    batch: Batch
    announce_by: date | None
    plan_by: date | None
    late: bool
    problem: str  # the calendar's message when a year has no data


def batch_deadlines(batches: list[Batch], *, today: date) -> list[BatchDeadline]:
    """Each batch with its announcement and plan deadlines (细则第一条、第二条)."""
    rows = []
    for batch in batches:
        try:
            announce_by = deadline_for(batch, Step.ANNOUNCEMENT)
            plan_by = deadline_for(batch, Step.PLAN)
        except CalendarUnavailable as exc:
            rows.append(BatchDeadline(batch, None, None, False, str(exc)))
            continue
        rows.append(BatchDeadline(batch, announce_by, plan_by, today > announce_by, ""))
    return rows

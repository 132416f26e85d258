"""The tables of batches, by subject: the plan (sites, rooms, batches, levels, sessions, deadline
exceptions), its changes (细则第十条) and readiness (细则第八条、第九条)."""

from skillcert.batches.models.changes import ChangeKind, ChangeRequest, ChangeState
from skillcert.batches.models.plan import (
    Batch,
    BatchLevel,
    BatchState,
    DeadlineException,
    Room,
    RoomType,
    Session,
    Site,
)
from skillcert.batches.models.readiness import (
    ChecklistItem,
    ChecklistScope,
    ReadinessTick,
    RoomSeal,
)

__all__ = [
    "Batch",
    "BatchLevel",
    "BatchState",
    "ChangeKind",
    "ChangeRequest",
    "ChangeState",
    "ChecklistItem",
    "ChecklistScope",
    "DeadlineException",
    "ReadinessTick",
    "Room",
    "RoomSeal",
    "RoomType",
    "Session",
    "Site",
]

"""Sessions (场次) of a batch: the checks every session's time and place must pass, and adding,
editing and removing a session of a draft batch.

``check_session`` and ``place_session`` are shared by planning and by a change request after the
announcement (细则第十条), so that a changed or added session is held to the same rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db import transaction

from skillcert.batches.access import require_planner
from skillcert.batches.errors import InvalidInput
from skillcert.batches.models import Batch, BatchLevel, BatchState, Room, Session, Site
from skillcert.batches.services.batches import require_editable
from skillcert.catalog.models import Subject, SubjectKind
from skillcert.core import audit
from skillcert.core.accounts.models import User
from skillcert.core.formats import cn_date

# A subject sits in a room of its own kind: 细则第九条 prepares theory, skill and review rooms
# differently.
ROOM_TYPE_FOR_SUBJECT = {
    SubjectKind.THEORY: "theory",
    SubjectKind.SKILL: "skill",
    SubjectKind.REVIEW: "review",
}


def _minutes(start: time, end: time) -> int:
    return int((datetime.combine(date.min, end) - datetime.combine(date.min, start)).seconds / 60)


@dataclass(frozen=True)
class SessionSlot:
    """When and where a session sits: what planning sets and what a change request proposes."""

    date: date
    start_time: time
    end_time: time
    site: Site
    rooms: Sequence[Room]

    def __post_init__(self) -> None:
        object.__setattr__(self, "rooms", tuple(self.rooms))


def check_session(session: Session, slot: SessionSlot, *, expected_candidates: int) -> None:
    """Raise InvalidInput (with the form field) for the first thing that is wrong with holding
    ``session`` in ``slot`` for ``expected_candidates``. ``session`` gives the batch, level and
    subject; it may be unsaved (a new or a requested one), and a saved one does not clash with
    itself."""
    batch, batch_level, subject = session.batch, session.batch_level, session.subject
    on, start_time, end_time, site, rooms = (
        slot.date,
        slot.start_time,
        slot.end_time,
        slot.site,
        slot.rooms,
    )
    if batch_level.batch_id != batch.pk:
        raise InvalidInput("所选职业等级不属于本批次。", field="batch_level")
    if subject.standard_level_id != batch_level.standard_level_id:
        raise InvalidInput(
            f"科目“{subject.get_kind_display()}”不属于本批次的“{batch_level}”，"
            "请先在批次中添加该职业等级，或选择该等级的科目。",
            field="subject",
        )
    if not batch.first_exam_day <= on <= batch.last_exam_day:
        raise InvalidInput(
            f"场次日期{cn_date(on)}不在本批次的认定日期内（{cn_date(batch.first_exam_day)}至"
            f"{cn_date(batch.last_exam_day)}）。请改为批次内的日期，或先修改批次日期。",
            field="date",
        )
    if end_time <= start_time:
        raise InvalidInput("结束时间须晚于开始时间。", field="end_time")
    minutes = _minutes(start_time, end_time)
    if minutes < subject.min_duration_minutes:
        raise InvalidInput(
            f"“{subject.get_kind_display()}”时长不得少于{subject.min_duration_minutes}分钟"
            f"（职业技能标准规定），当前只有{minutes}分钟。",
            field="end_time",
        )
    if site.agency_id != batch.agency_id or not site.is_active:
        raise InvalidInput("请选择本机构启用中的考点。", field="site")
    if not rooms:
        raise InvalidInput("请至少选择一个考场。", field="rooms")
    wanted_type = ROOM_TYPE_FOR_SUBJECT[subject.kind]
    for room in rooms:
        if room.site_id != site.pk:
            raise InvalidInput(f"考场“{room.name}”不属于考点“{site.name}”。", field="rooms")
        if not room.is_active:
            raise InvalidInput(f"考场“{room.name}”已停用。", field="rooms")
        if room.room_type != wanted_type:
            raise InvalidInput(
                f"考场“{room.name}”是{room.get_room_type_display()}，"
                f"不能用于“{subject.get_kind_display()}”（细则第九条按科目准备考场）。",
                field="rooms",
            )
    capacity = sum(room.capacity for room in rooms)
    if expected_candidates > capacity:
        raise InvalidInput(
            f"预计{expected_candidates}人超过所选考场的总容量{capacity}人，请增加考场或减少人数。",
            field="expected_candidates",
        )
    clash = (
        Session.objects.filter(
            rooms__in=[r.pk for r in rooms],
            date=on,
            start_time__lt=end_time,
            end_time__gt=start_time,
        )
        .exclude(batch__state=BatchState.CANCELLED)
        .select_related("batch", "subject")
        .prefetch_related("rooms")
        .distinct()
    )
    if session.pk is not None:
        clash = clash.exclude(pk=session.pk)
    other = clash.first()
    if other is not None:
        shared = "、".join(r.name for r in other.rooms.all() if r in rooms)
        raise InvalidInput(
            f"考场“{shared}”在{cn_date(on)} {other.start_time:%H:%M}–{other.end_time:%H:%M}已安排"
            f"批次“{other.batch.code}”的“{other.subject.get_kind_display()}”场次，时间重叠。"
            "请换一个考场或时间。",
            field="rooms",
        )


def session_snapshot(session: Session) -> dict[str, Any]:
    return {
        "date": session.date.isoformat(),
        "start_time": session.start_time.strftime("%H:%M"),
        "end_time": session.end_time.strftime("%H:%M"),
        "site": session.site.name,
        "site_id": session.site_id,
        "rooms": [r.name for r in session.rooms.all()],
        "room_ids": [r.pk for r in session.rooms.all()],
        "expected_candidates": session.expected_candidates,
    }


@transaction.atomic
def add_session(
    *,
    actor: User,
    batch: Batch,
    batch_level: BatchLevel,
    subject: Subject,
    slot: SessionSlot,
    expected_candidates: int = 0,
) -> Session:
    require_planner(actor, batch.agency)
    require_editable(batch)
    session = Session(batch=batch, batch_level=batch_level, subject=subject)
    place_session(session, slot, expected_candidates=expected_candidates)
    audit.record(
        actor=actor, action="batch.session_add", obj=batch, changes=session_snapshot(session)
    )
    return session


def place_session(session: Session, slot: SessionSlot, *, expected_candidates: int) -> Session:
    """Check ``session`` in ``slot`` against the rules and today's plan, then save it there: a new
    session, a draft's edited one, or one added or moved by an approved change request. The caller
    has checked who acts, and audits."""
    check_session(session, slot, expected_candidates=expected_candidates)
    session.date, session.start_time, session.end_time = slot.date, slot.start_time, slot.end_time
    session.site, session.expected_candidates = slot.site, expected_candidates
    session.save()
    session.rooms.set(slot.rooms)
    return session


@transaction.atomic
def update_session(
    *, actor: User, session: Session, slot: SessionSlot, expected_candidates: int
) -> Session:
    batch = session.batch
    require_planner(actor, batch.agency)
    require_editable(batch)
    before = session_snapshot(session)
    place_session(session, slot, expected_candidates=expected_candidates)
    audit.record(
        actor=actor,
        action="batch.session_update",
        obj=batch,
        changes={"before": before, "after": session_snapshot(session)},
    )
    return session


@transaction.atomic
def remove_session(*, actor: User, session: Session) -> None:
    batch = session.batch
    require_planner(actor, batch.agency)
    require_editable(batch)
    audit.record(
        actor=actor, action="batch.session_remove", obj=batch, changes=session_snapshot(session)
    )
    session.delete()

"""Manual moves and publication of a batch's arrangement (细则第六条).

A move is audited and pinned, so that solving again keeps it. Publishing is refused after the
deadline (认定前 arrangement_lead_wd 个工作日) unless a supervisor's exception is on record, and
completes the batch's arrangement step.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from skillcert.arrangement import selectors
from skillcert.arrangement import solver as s
from skillcert.arrangement.access import require_arranger, require_publisher
from skillcert.arrangement.errors import ArrangementError, ArrangementStateError
from skillcert.arrangement.models import (
    Arrangement,
    ArrangementState,
    IssuedTicketNumber,
    SeatAssignment,
)
from skillcert.arrangement.services.inputs import room_kind
from skillcert.batches.deadlines import Step, guard_deadline
from skillcert.batches.models import BatchState, Room
from skillcert.core import audit
from skillcert.core.accounts.models import User


@transaction.atomic
def move_candidate(
    *, actor: User, seat_assignment: SeatAssignment, room: Room, seat: int
) -> SeatAssignment:
    """Move a candidate to another seat of the session; pinned so a re-solve keeps it."""
    x = (
        SeatAssignment.objects.select_for_update()
        .select_related("arrangement__batch__agency", "session", "room")
        .get(pk=seat_assignment.pk)
    )
    batch = x.arrangement.batch
    require_arranger(actor, batch.agency)
    if x.arrangement.is_published:
        raise ArrangementStateError(
            "编排已发布，调整考生座位须按变更程序办理（细则第十条）。", code="published"
        )
    if not x.session.rooms.filter(pk=room.pk).exists():
        raise ArrangementError("该考场不属于本场次。", field="room")
    kind = room_kind(room)
    wanted = s.room_kind_for(x.session.subject.kind, x.session.subject.mode)
    if kind is not wanted:
        raise ArrangementError(
            f"本科目须安排在{s.model.ROOM_KIND_LABELS[wanted]}，所选考场为"
            f"{s.model.ROOM_KIND_LABELS[kind]}。",
            field="room",
        )
    usable = s.model.usable_seats(
        s.Room(id=room.pk, kind=kind, capacity=room.capacity, rows=room.seat_rows,
               columns=room.seat_columns),
        s.SeatingParameters(cbt_spare_pct=batch.rule_set.param("cbt_spare_pct")),
    )  # fmt: skip
    if seat < 1 or seat > usable:
        raise ArrangementError(f"座号须在1至{usable}之间。", field="seat")
    taken = (
        SeatAssignment.objects.filter(
            arrangement=x.arrangement, session=x.session, room=room, seat=seat
        )
        .exclude(pk=x.pk)
        .exists()
    )
    if taken:
        raise ArrangementError(f"{room.name}第{seat}座已有考生。", field="seat")
    before = {"room": x.room.name, "seat": x.seat, "ticket": x.ticket_number}
    sessions = selectors.batch_sessions(batch)
    rooms = selectors.batch_rooms(sessions)
    numbers = s.ticket_numbers(
        placements=[s.Placement(x.application_id, x.session_id, room.pk, seat)],
        year=batch.first_exam_day.year,
        agency_code=batch.agency.code,
        session_numbers={v.pk: n for n, v in enumerate(sessions, start=1)},
        room_numbers={r.pk: n for n, r in enumerate(rooms, start=1)},
        issued=selectors.issued_numbers(),
        batch=batch.code,
        parameters=s.TicketParameters(pattern=batch.rule_set.param("ticket_pattern")),
    )
    x.room, x.seat, x.pinned = room, seat, True
    x.ticket_number = numbers.numbers[x.application_id, x.session_id]
    x.save(update_fields=["room", "seat", "pinned", "ticket_number"])
    IssuedTicketNumber.objects.get_or_create(agency=batch.agency, number=x.ticket_number)
    audit.record(
        actor=actor,
        action="arrangement.move",
        obj=x,
        changes={
            "room": [before["room"], room.name],
            "seat": [before["seat"], seat],
            "ticket_number": [before["ticket"], x.ticket_number],
        },
    )
    return x


@transaction.atomic
def publish_arrangement(
    *, actor: User, arrangement: Arrangement, today: date | None = None, confirmed: bool = False
) -> Arrangement:
    """Publish the arrangement: by the deadline of 细则第六条, and it completes the step."""
    arrangement = (
        Arrangement.objects.select_for_update()
        .select_related("batch__agency", "batch__rule_set")
        .get(pk=arrangement.pk)
    )
    batch = arrangement.batch
    require_publisher(actor, batch.agency)
    if arrangement.is_published:
        raise ArrangementStateError("本批次的编排已发布。", code="published")
    if arrangement.solved_at is None or not arrangement.seats.exists():
        raise ArrangementError("尚未完成编排，不能发布。请先进行编排。", code="not_solved")
    if arrangement.problems and not confirmed:
        raise ArrangementError(
            f"编排尚有{len(arrangement.problems)}个问题未解决。请处理后重新编排，"
            "或确认知悉后再发布。",
            code="confirmation_required",
        )
    today = today or timezone.localdate()
    guard_deadline(batch, Step.ARRANGEMENT, on=today)
    arrangement.state = ArrangementState.PUBLISHED
    arrangement.published_at = timezone.now()
    arrangement.published_by = actor
    arrangement.save(update_fields=["state", "published_at", "published_by"])
    audit.record(
        actor=actor,
        action="arrangement.publish",
        obj=arrangement,
        changes={"seats": arrangement.seats.count(), "problems": len(arrangement.problems)},
    )
    if batch.state == BatchState.REPORTED:
        from skillcert.batches.services.transitions import transition_batch

        transition_batch(actor=actor, batch=batch, to=BatchState.ARRANGED)
    return arrangement

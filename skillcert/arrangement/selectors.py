"""Every read the arrangement's pages need, scoped to the acting user: another agency's batch,
arrangement or staff member is NotFound (404)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet

from skillcert.arrangement.models import (
    Arrangement,
    ArrangementState,
    IssuedTicketNumber,
    SeatAssignment,
    StaffAssignment,
    StaffMember,
)
from skillcert.batches.models import Batch, Room, Session
from skillcert.core.accounts.models import User
from skillcert.core.accounts.permissions import visible_agencies
from skillcert.core.errors import NotFound
from skillcert.core.orgs.models import Agency


def batch_for(actor: User, batch_id: int) -> Batch:
    batch = (
        Batch.objects.select_related("agency", "rule_set")
        .filter(pk=batch_id, agency__in=visible_agencies(actor))
        .first()
    )
    if batch is None:
        raise NotFound("未找到该批次，或您无权查看。")
    return batch


def arrangement_of(batch: Batch) -> Arrangement | None:
    return Arrangement.objects.select_related("job", "published_by").filter(batch=batch).first()


def seat_for(actor: User, pk: int) -> SeatAssignment:
    seat = (
        SeatAssignment.objects.select_related(
            "arrangement__batch__agency", "arrangement__batch__rule_set", "session", "room"
        )
        .filter(pk=pk, arrangement__batch__agency__in=visible_agencies(actor))
        .first()
    )
    if seat is None:
        raise NotFound("未找到该座位安排，或您无权查看。")
    return seat


def member_for(actor: User, pk: int) -> StaffMember:
    member = StaffMember.objects.filter(pk=pk, agency__in=visible_agencies(actor)).first()
    if member is None:
        raise NotFound("未找到该人员，或您无权查看。")
    return member


def staff_members(agency: Agency) -> QuerySet[StaffMember]:
    return StaffMember.objects.filter(agency=agency).prefetch_related("credentials")


def solver_staff(agency: Agency) -> list[StaffMember]:
    """Active members with everything the staffing model reads, in a fixed number of queries."""
    return list(
        StaffMember.objects.filter(agency=agency, is_active=True).prefetch_related(
            "credentials", "relations", "availability"
        )
    )


def batch_sessions(batch: Batch) -> list[Session]:
    return list(
        Session.objects.filter(batch=batch)
        .select_related("site", "subject", "batch_level__standard_level__standard__occupation")
        .prefetch_related(Prefetch("rooms", queryset=Room.objects.order_by("pk")))
        .order_by("date", "start_time", "id")
    )


def batch_rooms(sessions: Sequence[Session]) -> list[Room]:
    rooms: dict[int, Room] = {}
    for session in sessions:
        for room in session.rooms.all():
            rooms[room.pk] = room
    return sorted(rooms.values(), key=lambda r: r.pk)


def pinned_seats(arrangement: Arrangement) -> list[SeatAssignment]:
    return list(arrangement.seats.filter(pinned=True))


def held_numbers(arrangement: Arrangement) -> dict[tuple[int, int], str]:
    return {
        (s.application_id, s.session_id): s.ticket_number
        for s in arrangement.seats.exclude(ticket_number="")
    }


def issued_numbers() -> set[str]:
    """Every ticket number ever issued, by any agency: a number is unique on the platform."""
    return set(IssuedTicketNumber.objects.values_list("number", flat=True))


def past_service(agency: Agency, batch: Batch) -> dict[int, set[int]]:
    """For rotation: the agency's earlier batches each member served."""
    served: dict[int, set[int]] = defaultdict(set)
    rows = (
        StaffAssignment.objects.filter(
            arrangement__batch__agency=agency,
            arrangement__batch__first_exam_day__lt=batch.first_exam_day,
        )
        .values_list("member_id", "arrangement__batch_id")
        .distinct()
    )
    for member_id, batch_id in rows:
        served[member_id].add(batch_id)
    return dict(served)


def earlier_batches(agency: Agency, batch: Batch) -> list[int]:
    """The agency's batches with an arrangement before this one, latest first."""
    return list(
        Arrangement.objects.filter(
            batch__agency=agency, batch__first_exam_day__lt=batch.first_exam_day
        )
        .order_by("-batch__first_exam_day")
        .values_list("batch_id", flat=True)
    )


def rooms_view(arrangement: Arrangement) -> list[dict[str, Any]]:
    """Per session and room: the seats (with candidate) and the staff, for the review page."""
    seats = arrangement.seats.select_related(
        "application__candidate", "session__site", "session__subject", "room"
    ).order_by("session__date", "session__start_time", "session_id", "room_id", "seat")
    staff = arrangement.staff.select_related("member").exclude(room=None)
    by_post: dict[tuple[int, int], list[StaffAssignment]] = defaultdict(list)
    for a in staff:
        by_post[a.session_id, a.room_id].append(a)
    groups: dict[tuple[int, int], dict[str, Any]] = {}
    for s in seats:
        key = (s.session_id, s.room_id)
        if key not in groups:
            groups[key] = {"session": s.session, "room": s.room, "seats": [], "staff": by_post[key]}
        groups[key]["seats"].append(s)
    return list(groups.values())


def other_staff(arrangement: Arrangement) -> QuerySet[StaffAssignment]:
    """Session and site posts (内部督导员, 考务负责人)."""
    return arrangement.staff.filter(room=None).select_related("member", "session", "site")


def completed_at(batch: Batch) -> datetime | None:
    """When the arrangement step was done: the arrangement's publication (细则第六条)."""
    return (
        Arrangement.objects.filter(batch=batch, state=ArrangementState.PUBLISHED)
        .values_list("published_at", flat=True)
        .first()
    )


def completed_at_many(batches: Sequence[Batch]) -> dict[int, datetime | None]:
    return dict(
        Arrangement.objects.filter(
            batch__in=[b.pk for b in batches], state=ArrangementState.PUBLISHED
        ).values_list("batch_id", "published_at")
    )


def arrangeable_batches(agency: Agency) -> QuerySet[Batch]:
    """The agency's batches past the data report and not yet under way."""
    from skillcert.batches.models import BatchState

    states = [BatchState.REPORTED, BatchState.ARRANGED, BatchState.SEALED]
    return Batch.objects.filter(agency=agency, state__in=states).order_by("first_exam_day", "pk")


def session_rooms(session: Session) -> list[Room]:
    return list(session.rooms.order_by("pk"))

"""The arrangement's services: solving a batch as a job, manual moves that stay pinned, and the
publication refused after the deadline of 细则第六条."""

from __future__ import annotations

import pytest

from skillcert.arrangement import selectors
from skillcert.arrangement.models import (
    Arrangement,
    ArrangementState,
    IssuedTicketNumber,
    SeatAssignment,
    StaffAssignment,
)
from skillcert.arrangement.services.publishing import move_candidate, publish_arrangement
from skillcert.arrangement.services.solving import solve_arrangement, start_solving
from skillcert.arrangement.services.staff import create_staff_member
from skillcert.arrangement.tests.factories import BEFORE, DEADLINE, LATE, reported_batch
from skillcert.batches.errors import DeadlineMissed
from skillcert.batches.models import BatchState
from skillcert.core.audit.models import AuditEvent
from skillcert.core.errors import NotFound
from skillcert.core.jobs.models import JobStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(agency, exam_affairs_lead):
    return reported_batch(agency, actor=exam_affairs_lead)


def test_solving_as_a_job_seats_every_approved_candidate(
    world, exam_affairs_lead, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_solving(actor=exam_affairs_lead, batch=world.batch)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    arrangement = Arrangement.objects.get(batch=world.batch)
    seats = list(SeatAssignment.objects.filter(arrangement=arrangement))
    assert not arrangement.problems, arrangement.problems
    assert sorted(s.application_id for s in seats) == sorted(a.pk for a in world.applications)
    assert {s.room_id for s in seats} <= {r.pk for r in world.rooms}
    places = [(s.room_id, s.seat) for s in seats]
    assert len(set(places)) == len(places)
    numbers = [s.ticket_number for s in seats]
    assert all(numbers) and len(set(numbers)) == len(numbers)
    assert set(IssuedTicketNumber.objects.values_list("number", flat=True)) >= set(numbers)
    assert arrangement.solved_at is not None
    assert AuditEvent.objects.filter(action="arrangement.solve").count() == 1


def test_every_occupied_room_is_staffed(world, exam_affairs_lead):
    arrangement = solve_arrangement(actor=exam_affairs_lead, batch=world.batch)
    used = set(arrangement.seats.values_list("room_id", flat=True))
    for room_id in used:
        roles = list(
            StaffAssignment.objects.filter(arrangement=arrangement, room_id=room_id).values_list(
                "role", flat=True
            )
        )
        assert roles.count("invigilator") >= 2
    assert arrangement.staff.filter(role="internal_supervisor").count() == 1
    assert arrangement.staff.filter(role="exam_affairs_lead").count() == 1


def test_missing_staff_is_a_problem_in_chinese_not_an_exception(agency, exam_affairs_lead):
    w = reported_batch(agency, actor=exam_affairs_lead)
    for m in w.staff[1:5]:
        m.delete()
    arrangement = solve_arrangement(actor=exam_affairs_lead, batch=w.batch)
    assert arrangement.problems
    assert any("监考员" in p["message"] for p in arrangement.problems)


def test_a_move_is_audited_pinned_and_kept_on_resolve(world, exam_affairs_lead):
    arrangement = solve_arrangement(actor=exam_affairs_lead, batch=world.batch)
    seat = arrangement.seats.order_by("pk").first()
    taken = set(arrangement.seats.filter(room=world.rooms[1]).values_list("seat", flat=True))
    free = next(n for n in range(1, 4) if n not in taken)
    old_number = seat.ticket_number
    moved = move_candidate(
        actor=exam_affairs_lead, seat_assignment=seat, room=world.rooms[1], seat=free
    )
    assert moved.pinned and (moved.room_id, moved.seat) == (world.rooms[1].pk, free)
    assert AuditEvent.objects.filter(action="arrangement.move").count() == 1
    solve_arrangement(actor=exam_affairs_lead, batch=world.batch)
    again = SeatAssignment.objects.get(
        arrangement=arrangement, application=seat.application, session=seat.session
    )
    assert again.pinned and (again.room_id, again.seat) == (world.rooms[1].pk, free)
    # A number once issued is never given again to anyone else.
    others = SeatAssignment.objects.exclude(pk=again.pk).values_list("ticket_number", flat=True)
    if old_number != again.ticket_number:
        assert old_number not in set(others)


def test_a_move_to_a_taken_seat_is_refused(world, exam_affairs_lead):
    arrangement = solve_arrangement(actor=exam_affairs_lead, batch=world.batch)
    a, b = arrangement.seats.order_by("pk")[:2]
    from skillcert.arrangement.errors import ArrangementError

    with pytest.raises(ArrangementError):
        move_candidate(actor=exam_affairs_lead, seat_assignment=a, room=b.room, seat=b.seat)


def test_publish_records_the_moment_and_arranges_the_batch(world, exam_affairs_lead):
    arrangement = solve_arrangement(actor=exam_affairs_lead, batch=world.batch)
    publish_arrangement(actor=exam_affairs_lead, arrangement=arrangement, today=DEADLINE)
    arrangement.refresh_from_db()
    assert arrangement.state == ArrangementState.PUBLISHED
    world.batch.refresh_from_db()
    assert world.batch.state == BatchState.ARRANGED
    assert selectors.completed_at(world.batch) == arrangement.published_at
    assert selectors.completed_at_many([world.batch]) == {world.batch.pk: arrangement.published_at}


def test_late_publish_is_refused_with_the_article_and_the_date(world, exam_affairs_lead):
    arrangement = solve_arrangement(actor=exam_affairs_lead, batch=world.batch)
    with pytest.raises(DeadlineMissed) as refused:
        publish_arrangement(actor=exam_affairs_lead, arrangement=arrangement, today=LATE)
    assert "第六条" in refused.value.message
    assert "2026年6月3日" in refused.value.message
    arrangement.refresh_from_db()
    assert arrangement.state == ArrangementState.DRAFT
    assert BEFORE < DEADLINE


def test_another_agency_cannot_solve_or_register_staff(world, other_agency_admin, other_agency):
    with pytest.raises(NotFound):
        start_solving(actor=other_agency_admin, batch=world.batch)
    with pytest.raises(NotFound):
        create_staff_member(
            actor=other_agency_admin, agency=world.batch.agency, name="张三", roles=["examiner"]
        )

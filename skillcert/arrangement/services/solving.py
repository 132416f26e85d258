"""Solving a batch's arrangement (细则第六条、第十一条): seats, staff and ticket numbers.

    from skillcert.arrangement.services.solving import start_solving, solve_arrangement

``start_solving`` queues the work as a job with a progress bar; the job runs
``solve_arrangement``, which reads the batch, runs the pure solver and replaces the draft's
seats and staff, keeping the seats moved by hand (pinned) where they still fit.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from django.db import transaction
from django.utils import timezone

from skillcert.arrangement import selectors
from skillcert.arrangement import solver as s
from skillcert.arrangement.access import require_arranger
from skillcert.arrangement.errors import ArrangementError, ArrangementStateError
from skillcert.arrangement.models import (
    Arrangement,
    IssuedTicketNumber,
    SeatAssignment,
    StaffAssignment,
)
from skillcert.arrangement.services.inputs import SolverInputs, build_inputs
from skillcert.batches.models import Batch, BatchState
from skillcert.core import audit
from skillcert.core.accounts.models import User
from skillcert.core.jobs.models import Job
from skillcert.core.jobs.progress import ProgressReporter
from skillcert.core.jobs.services import start_job

# The arrangement follows the data report (细则第五条) and may be redone until the rooms are sealed.
SOLVABLE_STATES = frozenset({BatchState.REPORTED, BatchState.ARRANGED})


def _draft(batch: Batch) -> Arrangement:
    arrangement, _ = Arrangement.objects.select_for_update().get_or_create(batch=batch)
    if arrangement.is_published:
        raise ArrangementStateError(
            "本批次的编排已发布，不能重新编排。发布后的调整须按变更程序办理（细则第十条）。"
        )
    return arrangement


def _check_batch(batch: Batch) -> None:
    if batch.state not in SOLVABLE_STATES:
        raise ArrangementStateError(
            f"批次“{batch.code}”当前状态为“{BatchState(batch.state).label}”，不能编排。"
            "考场与考务编排须在考生数据上报（细则第五条）之后、封场之前进行。"
        )


@transaction.atomic
def start_solving(*, actor: User, batch: Batch) -> Job:
    """Queue the solving of the batch's arrangement; refused while one is already running."""
    require_arranger(actor, batch.agency)
    _check_batch(batch)
    arrangement = _draft(batch)
    if arrangement.job is not None and arrangement.job.is_active:
        raise ArrangementError("编排正在进行中，请等待完成后再试。", code="solving")
    job = start_job(
        actor=actor,
        kind="arrangement.solve",
        title=f"考场与考务编排：{batch.name}",
        agency=batch.agency,
        params={"batch_id": batch.pk},
    )
    arrangement.job = job
    arrangement.save(update_fields=["job"])
    return job


def _problem(p: s.Problem) -> dict:
    return {"code": p.code, "message": p.message}


def solve_arrangement(
    *, actor: User, batch: Batch, reporter: ProgressReporter | None = None
) -> Arrangement:
    """Seat every approved candidate, staff every room and number the tickets; store the result."""
    require_arranger(actor, batch.agency)
    _check_batch(batch)
    steps = 4

    def step(message: str) -> None:
        if reporter is not None:
            reporter.advance(message=message)

    if reporter is not None:
        reporter.total(steps, message="读取考生、场次、考场与考务人员…")
    inputs = build_inputs(batch)
    with transaction.atomic():
        arrangement = _draft(batch)
        pins = [
            s.Placement(x.application_id, x.session_id, x.room_id, x.seat)
            for x in selectors.pinned_seats(arrangement)
        ]
        held = selectors.held_numbers(arrangement)
    step("安排考生座位…")
    seating = s.seat_candidates(
        candidates=inputs.candidates,
        sessions=inputs.solver_sessions,
        rooms=inputs.solver_rooms,
        pins=pins,
        parameters=inputs.seating,
    )
    step("安排考务人员…")
    posts = s.build_posts(
        sessions=inputs.solver_sessions,
        rooms=inputs.solver_rooms,
        candidates=inputs.candidates,
        placements=seating.placements,
        parameters=inputs.staffing,
        subject_parameters=inputs.subject_staffing,
    )
    staffing = s.assign_staff(people=inputs.people, posts=posts, parameters=inputs.staffing)
    step("生成准考证号…")
    tickets = s.ticket_numbers(
        placements=seating.placements,
        year=batch.first_exam_day.year,
        agency_code=batch.agency.code,
        session_numbers=inputs.session_numbers,
        room_numbers=inputs.room_numbers,
        issued=selectors.issued_numbers(),
        held=held,
        batch=batch.code,
        parameters=inputs.tickets,
    )
    with transaction.atomic():
        arrangement = _draft(batch)
        _store(arrangement, inputs, seating, staffing, posts, tickets, pins)
        audit.record(
            actor=actor,
            action="arrangement.solve",
            obj=arrangement,
            changes={
                "seats": len(seating.placements),
                "staff": len(staffing.assignments),
                "pinned": len(pins),
                "problems": len(arrangement.problems),
            },
        )
    step("编排完成。")
    return arrangement


def _store(arrangement, inputs: SolverInputs, seating, staffing, posts, tickets, pins) -> None:
    pinned = {(p.candidate_id, p.session_id) for p in pins}
    arrangement.seats.all().delete()
    arrangement.staff.all().delete()
    SeatAssignment.objects.bulk_create(
        [
            SeatAssignment(
                arrangement=arrangement,
                application_id=x.candidate_id,
                session_id=x.session_id,
                room_id=x.room_id,
                seat=x.seat,
                ticket_number=tickets.numbers[x.candidate_id, x.session_id],
                pinned=(x.candidate_id, x.session_id) in pinned,
            )
            for x in seating.placements
        ]
    )
    IssuedTicketNumber.objects.bulk_create(
        [
            IssuedTicketNumber(agency=arrangement.batch.agency, number=n)
            for n in set(tickets.numbers.values())
        ],
        ignore_conflicts=True,
    )
    by_post = {p.id: p for p in posts}
    rows = []
    for a in staffing.assignments:
        post = by_post[a.post_id]
        row = StaffAssignment(arrangement=arrangement, role=a.role.value, member_id=a.person_id)
        if post.scope is s.PostScope.ROOM:
            session_id, room_id = str(post.id).split("/")
            row.session_id, row.room_id = int(session_id), int(room_id)
            row.site = inputs.sessions[int(session_id)].site
        elif post.scope is s.PostScope.SESSION:
            row.session_id = int(post.id)
            row.site = inputs.sessions[int(post.id)].site
        else:
            row.site = inputs.sites.get(post.site)
            row.day = date.fromisoformat(str(post.id).rsplit("@", 1)[1])
        rows.append(row)
    StaffAssignment.objects.bulk_create(rows)
    problems = [_problem(p) for p in (*seating.problems, *staffing.problems, *tickets.problems)]
    arrangement.problems = problems
    arrangement.quality = {
        "seating": asdict(seating.quality),
        "staffing": asdict(staffing.quality),
        "candidates": len(inputs.candidates),
        "seats": len(seating.placements),
        "unplaced": len(seating.unplaced),
    }
    arrangement.solved_at = timezone.now()
    arrangement.save(update_fields=["problems", "quality", "solved_at"])

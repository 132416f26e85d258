"""What the solver reads, built from the database: candidates, sessions, rooms, staff and the
parameters of the batch's rule set. The solver itself knows no Django (``solver/``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from skillcert.arrangement import selectors
from skillcert.arrangement import solver as s
from skillcert.arrangement.models import StaffMember
from skillcert.batches.models import Batch, Room, RoomType, Session
from skillcert.registration.models import Application
from skillcert.registration.selectors import approved_applications


@dataclass
class SolverInputs:
    batch: Batch
    applications: dict[int, Application]
    sessions: dict[int, Session]
    rooms: dict[int, Room]
    candidates: list[s.Candidate]
    solver_sessions: list[s.Session]
    solver_rooms: list[s.Room]
    people: list[s.Person]
    seating: s.SeatingParameters
    staffing: s.StaffingParameters
    subject_staffing: dict[s.SubjectKey, s.StaffingParameters]
    tickets: s.TicketParameters
    session_numbers: dict[int, int] = field(default_factory=dict)
    room_numbers: dict[int, int] = field(default_factory=dict)
    sites: dict[str, Any] = field(default_factory=dict)  # site name → Site


def room_kind(room: Room) -> s.RoomKind:
    """A theory room with terminals is a CBT room (细则第十一条: 机考考场)."""
    if room.room_type == RoomType.THEORY and room.cbt_terminals > 0:
        return s.RoomKind.CBT
    return s.RoomKind(room.room_type)


def _solver_room(room: Room) -> s.Room:
    kind = room_kind(room)
    capacity = min(room.capacity, room.cbt_terminals) if kind is s.RoomKind.CBT else room.capacity
    return s.Room(
        id=room.pk,
        kind=kind,
        capacity=capacity,
        rows=room.seat_rows,
        columns=room.seat_columns,
        name=room.name,
    )


def subject_key(session: Session) -> s.SubjectKey:
    standard_level = session.batch_level.standard_level
    return s.SubjectKey(
        occupation=standard_level.standard.occupation.code,
        level=int(standard_level.level),
        subject=session.subject.get_kind_display(),
    )


def _staffing(batch: Batch) -> s.StaffingParameters:
    p = batch.rule_set.param
    return s.StaffingParameters(
        theory_invigilator_ratio=p("theory_invigilator_ratio"),
        theory_min_invigilators_per_room=p("theory_min_invigilators_per_room"),
        skill_assessor_ratio=p("skill_assessor_ratio"),
        skill_min_assessors=p("skill_min_assessors"),
        review_committee_min=p("review_committee_min"),
        max_consecutive_batches=p("max_consecutive_batches"),
        min_new_examiner_pct=p("min_new_examiner_pct"),
        weight_consecutive=p("weight_consecutive"),
        weight_not_new=p("weight_not_new"),
    )


def _subject_staffing(base: s.StaffingParameters, session: Session) -> s.StaffingParameters:
    """The catalogue's per-subject numbers, where the standard sets them, over the rule set's."""
    subject = session.subject
    overrides = {
        "theory_invigilator_ratio": subject.candidates_per_invigilator,
        "theory_min_invigilators_per_room": subject.min_invigilators_per_room,
        "skill_assessor_ratio": subject.candidates_per_assessor,
        "skill_min_assessors": subject.min_assessors,
    }
    values = {**base.__dict__, **{k: v for k, v in overrides.items() if v}}
    return s.StaffingParameters(**values)


def _person(
    member: StaffMember, by_name: dict[str, list[int]], served: set[int], earlier: list[int]
) -> s.Person:
    relations: list[s.Relation] = []
    for r in member.relations.all():
        kind = s.RelationKind(r.kind)
        for app_id in by_name.get(r.candidate_name, []):
            relations.append(s.Relation(kind=kind, candidate_id=app_id))
        if r.organisation:
            relations.append(s.Relation(kind=kind, employer=r.organisation))
    consecutive = 0
    for batch_id in earlier:
        if batch_id not in served:
            break
        consecutive += 1
    return s.Person(
        id=member.pk,
        roles=frozenset(s.StaffRole(r) for r in member.roles),
        name=member.name,
        employer=member.employer,
        credentials=tuple(
            s.Credential(
                number=c.number,
                occupations=frozenset(c.occupations),
                levels=frozenset(int(x) for x in c.levels),
                valid_from=c.valid_from,
                valid_to=c.valid_to,
            )
            for c in member.credentials.all()
        ),
        available_days=frozenset(a.day for a in member.availability.all()),
        taught_classes=frozenset(member.taught_classes),
        relations=tuple(relations),
        consecutive_batches=consecutive,
        served_agency_before=bool(served),
    )


def build_inputs(batch: Batch) -> SolverInputs:
    applications = {a.pk: a for a in approved_applications(batch).select_related("candidate")}
    sessions = selectors.batch_sessions(batch)
    rooms = selectors.batch_rooms(sessions)
    by_level: dict[int, list[Session]] = defaultdict(list)
    for session in sessions:
        by_level[session.batch_level_id].append(session)
    candidates = []
    by_name: dict[str, list[int]] = defaultdict(list)
    for app in applications.values():
        sittings = tuple(
            s.Sitting(
                session_id=x.pk,
                subject=subject_key(x),
                room_kind=s.room_kind_for(x.subject.kind, x.subject.mode),
            )
            for x in by_level.get(app.batch_level_id, [])
        )
        candidates.append(
            s.Candidate(
                id=app.pk,
                sittings=sittings,
                employer=app.candidate.employer,
                name=app.candidate.name,
            )
        )
        by_name[app.candidate.name].append(app.pk)
    solver_sessions = [
        s.Session(
            id=x.pk,
            start=datetime.combine(x.date, x.start_time),
            end=datetime.combine(x.date, x.end_time),
            room_ids=tuple(r.pk for r in x.rooms.all()),
            site=x.site.name,
            label=f"第{n}场",
            agency=batch.agency.code,
        )
        for n, x in enumerate(sessions, start=1)
    ]
    staffing = _staffing(batch)
    earlier = selectors.earlier_batches(batch.agency, batch)
    served = selectors.past_service(batch.agency, batch)
    people = [
        _person(m, by_name, served.get(m.pk, set()), earlier)
        for m in selectors.solver_staff(batch.agency)
    ]
    p = batch.rule_set.param
    return SolverInputs(
        batch=batch,
        applications=applications,
        sessions={x.pk: x for x in sessions},
        rooms={r.pk: r for r in rooms},
        candidates=candidates,
        solver_sessions=solver_sessions,
        solver_rooms=[_solver_room(r) for r in rooms],
        people=people,
        seating=s.SeatingParameters(
            cbt_spare_pct=p("cbt_spare_pct"),
            weight_same_employer=p("weight_same_employer"),
            weight_same_class=p("weight_same_class"),
            weight_need=p("weight_need"),
        ),
        staffing=staffing,
        subject_staffing={subject_key(x): _subject_staffing(staffing, x) for x in sessions},
        tickets=s.TicketParameters(pattern=p("ticket_pattern")),
        session_numbers={x.pk: n for n, x in enumerate(sessions, start=1)},
        room_numbers={r.pk: n for n, r in enumerate(rooms, start=1)},
        sites={x.site.name: x.site for x in sessions},
    )

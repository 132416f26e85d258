"""Seating (细则第六条、第十一条): a room of the right kind and a seat for every sitting.

Decomposed so that 50,000 candidates take seconds: session by session in order of start (a
candidate's overlapping sittings are refused first, so sessions are independent apart from rooms
that overlapping sessions share, whose seats are blocked as they are taken); within a session,
rooms per paper on counts (``rooms.py``); within a room, seats (``seats.py``). Pins (manual
moves) are placed before anything else and never moved. Nothing raises on an impossible
instance: what cannot be done is a ``Problem`` with a Chinese explanation, and everything else is
still seated.
"""

from __future__ import annotations

import random
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from skillcert.arrangement.solver import messages, rooms
from skillcert.arrangement.solver.checks import measure_seating
from skillcert.arrangement.solver.model import (
    Candidate,
    Id,
    Need,
    Placement,
    Problem,
    Room,
    RoomKind,
    SeatingParameters,
    SeatingResult,
    Session,
    Sitting,
    SubjectKey,
    room_columns,
    seat_count,
    usable_seats,
)
from skillcert.arrangement.solver.seats import RoomLayout, place_in_room

Wanted = dict[Id, list[tuple[Candidate, Sitting]]]


def seat_candidates(
    *,
    candidates: Sequence[Candidate],
    sessions: Sequence[Session],
    rooms: Sequence[Room],
    pins: Iterable[Placement] = (),
    parameters: SeatingParameters | None = None,
) -> SeatingResult:
    """Seat every candidate for every session they sit; see the module's docstring."""
    p = parameters or SeatingParameters()
    started = time.perf_counter()
    by_session = {s.id: s for s in sessions}
    by_room = {r.id: r for r in rooms}
    problems: list[Problem] = []
    unplaced: list[tuple[Id, Id]] = []
    wanted = _sittings(candidates, by_session, problems, unplaced)
    sitting_of = {(c.id, st.session_id): st for st_list in wanted.values() for c, st in st_list}
    valid_pins = _valid_pins(pins, sitting_of, by_session, by_room, p, problems)
    pinned_keys = {(pin.candidate_id, pin.session_id) for pin in valid_pins}
    by_candidate = {c.id: c for c in candidates}
    seated: list[Placement] = list(valid_pins)
    taken: dict[Id, list[tuple[Session, set[int]]]] = defaultdict(list)
    for pin in valid_pins:
        taken[pin.room_id].append((by_session[pin.session_id], {pin.seat}))
    pinned_sessions = {pin.session_id for pin in valid_pins}
    rng = random.Random(p.seed)
    busy = set(wanted) | pinned_sessions
    order = sorted((s for s in sessions if s.id in busy), key=lambda s: (s.start, str(s.id)))
    for index, session in enumerate(order):
        todo = [(c, st) for c, st in wanted[session.id] if (c.id, session.id) not in pinned_keys]
        budget = (p.total_time_limit_s - (time.perf_counter() - started)) / (len(order) - index)
        placed = _seat_session(
            session,
            todo,
            [
                (pin, by_candidate[pin.candidate_id], sitting_of[pin.candidate_id, session.id])
                for pin in valid_pins
                if pin.session_id == session.id
            ],
            by_room,
            taken,
            p,
            rng,
            min(p.room_time_limit_s, max(0.0, budget)),
            problems,
            unplaced,
        )
        seated.extend(placed)
    result = SeatingResult(
        placements=tuple(seated),
        problems=tuple(problems),
        quality=measure_seating(candidates, sessions, rooms, seated, p),
        unplaced=tuple(unplaced),
        seconds=time.perf_counter() - started,
    )
    return result


def _sittings(
    candidates: Sequence[Candidate],
    by_session: dict[Id, Session],
    problems: list[Problem],
    unplaced: list[tuple[Id, Id]],
) -> Wanted:
    """Sittings by session; of two overlapping sittings of one candidate only the first stays."""
    wanted: Wanted = defaultdict(list)
    for candidate in candidates:
        kept: list[Session] = []
        known = [st for st in candidate.sittings if st.session_id in by_session]
        for sitting in candidate.sittings:
            if sitting.session_id not in by_session:
                problems.append(messages.unknown_session(candidate, sitting.session_id))
                unplaced.append((candidate.id, sitting.session_id))
        known.sort(key=lambda st: (by_session[st.session_id].start, str(st.session_id)))
        for sitting in known:
            session = by_session[sitting.session_id]
            clash = next((k for k in kept if k.overlaps(session)), None)
            if clash is not None:
                problems.append(messages.overlapping_sittings(candidate, clash, session))
                unplaced.append((candidate.id, session.id))
                continue
            kept.append(session)
            wanted[session.id].append((candidate, sitting))
    return wanted


def _valid_pins(
    pins: Iterable[Placement],
    sitting_of: dict[tuple[Id, Id], Sitting],
    by_session: dict[Id, Session],
    by_room: dict[Id, Room],
    p: SeatingParameters,
    problems: list[Problem],
) -> list[Placement]:
    """The pins that can be kept; each one that cannot says why (the move is then undone)."""
    valid: list[Placement] = []
    kept: set[tuple[Id, Id]] = set()
    seats_taken: dict[Id, list[tuple[Session, int]]] = defaultdict(list)
    for pin in sorted(pins, key=lambda x: (str(x.session_id), str(x.room_id), x.seat)):
        session, room = by_session.get(pin.session_id), by_room.get(pin.room_id)
        sitting = sitting_of.get((pin.candidate_id, pin.session_id))
        reason = ""
        if session is None or sitting is None:
            reason = "考生未报考该场次，或该场次与其已安排的场次时间重叠"
        elif (pin.candidate_id, pin.session_id) in kept:
            reason = "同一考生在同一场次已有固定座位"
        elif room is None or room.id not in session.room_ids:
            reason = "该考场不属于本场次"
        elif room.kind is not sitting.room_kind:
            reason = "考场类型与科目的考核方式不符"
        elif not 1 <= pin.seat <= seat_count(room, p):
            reason = f"座位号须在1至{seat_count(room, p)}之间"
        elif any(s.overlaps(session) and seat == pin.seat for s, seat in seats_taken[room.id]):
            reason = "该座位同一时段已有其他考生"
        elif sum(1 for v in valid if (v.session_id, v.room_id) == (session.id, room.id)) >= (
            usable_seats(room, p)
        ):
            reason = "考场已满（含机考备用终端）"
        if reason:
            problems.append(messages.pin_dropped(pin, session, room, reason))
            continue
        valid.append(pin)
        kept.add((pin.candidate_id, pin.session_id))
        seats_taken[room.id].append((session, pin.seat))
    return valid


def _seat_session(
    session: Session,
    todo: list[tuple[Candidate, Sitting]],
    pins: list[tuple[Placement, Candidate, Sitting]],
    by_room: dict[Id, Room],
    taken: dict[Id, list[tuple[Session, set[int]]]],
    p: SeatingParameters,
    rng: random.Random,
    time_limit_s: float,
    problems: list[Problem],
    unplaced: list[tuple[Id, Id]],
) -> list[Placement]:
    room_list = [by_room[r] for r in dict.fromkeys(session.room_ids) if r in by_room]
    free_seats: dict[Id, list[int]] = {}
    free_count: dict[Id, int] = {}
    for room in room_list:
        # Pins of this session are in ``taken`` already; sessions that overlap in one room share
        # its seats, so their seats are blocked and their numbers count against its limit.
        overlapping = [seats for other, seats in taken[room.id] if other.overlaps(session)]
        blocked = set().union(*overlapping)
        free_seats[room.id] = [s for s in range(1, seat_count(room, p) + 1) if s not in blocked]
        limit = usable_seats(room, p) - sum(len(seats) for seats in overlapping)
        free_count[room.id] = max(0, min(len(free_seats[room.id]), limit))
    groups: dict[tuple[RoomKind, SubjectKey], list[Candidate]] = defaultdict(list)
    for candidate, sitting in todo:
        groups[(sitting.room_kind, sitting.subject)].append(candidate)
    pinned_papers: dict[tuple[RoomKind, SubjectKey], Counter] = defaultdict(Counter)
    for pin, _candidate, sitting in pins:
        pinned_papers[(sitting.room_kind, sitting.subject)][pin.room_id] += 1
    members_of: dict[Id, list[Candidate]] = defaultdict(list)
    for kind in RoomKind:
        kind_groups = {k: v for k, v in groups.items() if k[0] is kind}
        if not kind_groups:
            continue
        kind_rooms = [r for r in room_list if r.kind is kind]
        _trim_to_capacity(session, kind, kind_groups, kind_rooms, free_count, p, problems, unplaced)
        allocation = _allocate(kind_groups, kind_rooms, free_count, pinned_papers, p, time_limit_s)
        for key, members in kind_groups.items():
            _deal(members, allocation.get(key, Counter()), by_room, members_of)
    placed: list[Placement] = []
    for room in room_list:
        members = members_of.get(room.id, [])
        if not members:
            continue
        layout = RoomLayout(
            seats=seat_count(room, p),
            columns=room_columns(room, p),
            free=tuple(free_seats[room.id]),
            left_handed=room.left_handed_seats,
            fixed={pin.seat: c for pin, c, _ in pins if pin.room_id == room.id},
        )
        seats = place_in_room(layout, members, p, rng)
        placed.extend(Placement(cid, session.id, room.id, seat) for cid, seat in seats.items())
        taken[room.id].append((session, set(seats.values())))
    return placed


def _trim_to_capacity(
    session: Session,
    kind: RoomKind,
    groups: dict[tuple[RoomKind, SubjectKey], list[Candidate]],
    kind_rooms: list[Room],
    free_count: dict[Id, int],
    p: SeatingParameters,
    problems: list[Problem],
    unplaced: list[tuple[Id, Id]],
) -> None:
    """When the rooms of a kind are too few, the last candidates of the largest papers wait."""
    demand = sum(len(v) for v in groups.values())
    supply = sum(free_count[r.id] for r in kind_rooms)
    if demand <= supply:
        return
    problems.append(messages.too_few_seats(session, kind, demand, supply, len(kind_rooms), p))
    excess = demand - supply
    while excess > 0:
        key = max(groups, key=lambda k: (len(groups[k]), str(k)))
        candidate = groups[key].pop()
        unplaced.append((candidate.id, session.id))
        excess -= 1


def _allocate(
    groups: dict[tuple[RoomKind, SubjectKey], list[Candidate]],
    kind_rooms: list[Room],
    free_count: dict[Id, int],
    pinned_papers: dict[tuple[RoomKind, SubjectKey], Counter],
    p: SeatingParameters,
    time_limit_s: float,
) -> dict:
    free = {r.id: free_count[r.id] for r in kind_rooms}
    ground = frozenset(r.id for r in kind_rooms if r.ground_floor)
    papers = [
        rooms.PaperDemand(
            key=key,
            count=len(members),
            ground_floor=sum(1 for c in members if Need.GROUND_FLOOR in c.needs),
            pinned_rooms=frozenset(pinned_papers[key]),
            pinned=sum(pinned_papers[key].values()),
        )
        for key, members in sorted(groups.items(), key=lambda kv: str(kv[0]))
    ]
    allocation = rooms.construct(papers, free, ground)
    largest = max((usable for usable in free.values()), default=0)
    bound = sum(rooms.lower_bound(paper, largest) for paper in papers)
    if rooms.rooms_used(allocation, papers) > bound and time_limit_s > 0:
        better = rooms.improve(
            papers,
            free,
            ground,
            allocation,
            time_limit_s=time_limit_s,
            workers=p.workers,
            seed=p.seed,
        )
        if rooms.rooms_used(better, papers) <= rooms.rooms_used(allocation, papers):
            allocation = better
    return rooms.relabel_for_ground(papers, free, ground, allocation)


def _deal(
    members: list[Candidate],
    counts: Counter,
    by_room: dict[Id, Room],
    members_of: dict[Id, list[Candidate]],
) -> None:
    """Hand a paper's candidates to its rooms: ground-floor needs first, then each employer
    spread over the rooms in proportion, so that no room is left with one employer's block."""
    quota = {room: n for room, n in counts.items() if n > 0}
    if not quota:
        return
    filled: Counter = Counter()
    rest: list[Candidate] = []
    # Ground-floor needs first (a room is the only way to meet them), then left-handed desks
    # spread over the rooms that still have such desks, then everyone else.
    for candidate in sorted(members, key=lambda c: Need.GROUND_FLOOR not in c.needs):
        if Need.GROUND_FLOOR not in candidate.needs:
            rest.append(candidate)
            continue
        room = next((r for r in quota if by_room[r].ground_floor and filled[r] < quota[r]), None)
        if room is None:
            rest.append(candidate)
        else:
            members_of[room].append(candidate)
            filled[room] += 1
    # Desks already promised to other papers' candidates in the same room count as taken.
    desks = {
        r: len(by_room[r].left_handed_seats)
        - sum(1 for c in members_of[r] if Need.LEFT_HANDED in c.needs)
        for r in quota
    }
    others = []
    for candidate in rest:
        if Need.LEFT_HANDED not in candidate.needs:
            others.append(candidate)
            continue
        open_rooms = [r for r in quota if filled[r] < quota[r]]
        room = max(open_rooms, key=lambda r: (desks[r], -filled[r] / quota[r]))
        desks[room] -= 1
        members_of[room].append(candidate)
        filled[room] += 1
    employers = Counter(c.employer for c in others)
    others.sort(key=lambda c: (-employers[c.employer], c.employer, c.training_class, str(c.id)))
    for candidate in others:
        # The room furthest behind its share takes the next one of a sorted run.
        room = min(
            (r for r in quota if filled[r] < quota[r]),
            key=lambda r: (filled[r] / quota[r], str(r)),
        )
        members_of[room].append(candidate)
        filled[room] += 1

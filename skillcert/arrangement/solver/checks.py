"""Independent checks of a solution: every hard rule, re-read from the input, and the quality
figures. They share nothing with the solving code but the model, so that the tests and the
benchmark can hold any solver (ours, the greedy baseline, a manual edit) to the same rules.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from skillcert.arrangement.solver.model import (
    RELATION_LABELS,
    Assignment,
    Candidate,
    Id,
    Need,
    Person,
    Placement,
    Post,
    Problem,
    Room,
    SeatingParameters,
    SeatingQuality,
    Session,
    StaffingParameters,
    StaffingQuality,
    StaffRole,
    neighbours,
    room_columns,
    seat_count,
    usable_seats,
)


def check_seating(
    candidates: Sequence[Candidate],
    sessions: Sequence[Session],
    rooms: Sequence[Room],
    placements: Iterable[Placement],
    *,
    pins: Iterable[Placement] = (),
    parameters: SeatingParameters | None = None,
    unplaced: Iterable[tuple[Id, Id]] = (),
    problems: Sequence[Problem] = (),
) -> list[str]:
    """Every hard seating rule broken by ``placements`` (empty when all hold).

    A sitting may be missing only if it is listed as unplaced and some problem explains it; a pin
    may be missing only if a problem says it was dropped.
    """
    p = parameters or SeatingParameters()
    by_session = {s.id: s for s in sessions}
    by_room = {r.id: r for r in rooms}
    sitting = {(c.id, st.session_id): st for c in candidates for st in c.sittings}
    placements = list(placements)
    broken: list[str] = []
    seen: Counter = Counter((x.candidate_id, x.session_id) for x in placements)
    broken += [f"{key} 有 {n} 个座位" for key, n in seen.items() if n > 1]
    per_room: Counter = Counter()
    for x in placements:
        st, session, room = sitting.get((x.candidate_id, x.session_id)), None, None
        session, room = by_session.get(x.session_id), by_room.get(x.room_id)
        if st is None or session is None:
            broken.append(f"{x} 不是考生报考的场次")
            continue
        if room is None or room.id not in session.room_ids:
            broken.append(f"{x} 的考场不属于该场次")
            continue
        if room.kind is not st.room_kind:
            broken.append(f"{x} 的考场类型 {room.kind} 不是 {st.room_kind}")
        if not 1 <= x.seat <= seat_count(room, p):
            broken.append(f"{x} 的座位号不存在")
        per_room[room.id, session.id] += 1
    broken += _seat_clashes(placements, by_session, by_room, per_room, p)
    broken += _candidate_clashes(placements, by_session)
    explained = bool(problems)
    left = set(unplaced)
    for key in sitting:
        if key[1] in by_session and not seen[key] and not (explained and key in left):
            broken.append(f"{key} 没有座位，也没有说明原因")
    placed = set(placements)
    dropped = {(x.candidate_id, x.session_id) for x in problems if x.code == "seating.pin_dropped"}
    for pin in pins:
        if pin not in placed and (pin.candidate_id, pin.session_id) not in dropped:
            broken.append(f"{pin} 人工调整未保留，也没有说明原因")
    return broken


def _seat_clashes(placements, by_session, by_room, per_room, p) -> list[str]:
    broken = []
    for (room_id, session_id), n in per_room.items():
        room, session = by_room[room_id], by_session[session_id]
        at_once = n + sum(
            m
            for (r, s), m in per_room.items()
            if r == room_id and s != session_id and by_session[s].overlaps(session)
        )
        if at_once > usable_seats(room, p):
            broken.append(f"{session_id} {room_id} 安排 {at_once} 人，超过 {usable_seats(room, p)}")
    by_seat: dict[tuple[Id, int], list[Placement]] = defaultdict(list)
    for x in placements:
        if x.session_id in by_session:
            by_seat[x.room_id, x.seat].append(x)
    for group in by_seat.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if by_session[a.session_id].overlaps(by_session[b.session_id]):
                    broken.append(f"{a} 与 {b} 同时占用一个座位")
    return broken


def _candidate_clashes(placements, by_session) -> list[str]:
    broken = []
    by_candidate: dict[Id, list[Placement]] = defaultdict(list)
    for x in placements:
        if x.session_id in by_session:
            by_candidate[x.candidate_id].append(x)
    for group in by_candidate.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if by_session[a.session_id].overlaps(by_session[b.session_id]):
                    broken.append(f"考生 {a.candidate_id} 同时在 {a.session_id} 与 {b.session_id}")
    return broken


def measure_seating(
    candidates: Sequence[Candidate],
    sessions: Sequence[Session],
    rooms: Sequence[Room],
    placements: Iterable[Placement],
    parameters: SeatingParameters | None = None,
) -> SeatingQuality:
    p = parameters or SeatingParameters()
    by_candidate = {c.id: c for c in candidates}
    by_room = {r.id: r for r in rooms}
    subject = {(c.id, st.session_id): st.subject for c in candidates for st in c.sittings}
    kind = {(c.id, st.session_id): st.room_kind for c in candidates for st in c.sittings}
    paper_rooms: dict[tuple, set[Id]] = defaultdict(set)
    paper_size: Counter = Counter()
    paper_kind: dict[tuple, object] = {}
    boards: dict[tuple[Id, Id], dict[int, Candidate]] = defaultdict(dict)
    unmet = 0
    for x in placements:
        key = (x.session_id, subject[x.candidate_id, x.session_id])
        paper_rooms[key].add(x.room_id)
        paper_size[key] += 1
        paper_kind[key] = kind[x.candidate_id, x.session_id]
        candidate = by_candidate[x.candidate_id]
        boards[x.session_id, x.room_id][x.seat] = candidate
        room = by_room[x.room_id]
        if Need.GROUND_FLOOR in candidate.needs and not room.ground_floor:
            unmet += 1
        if Need.LEFT_HANDED in candidate.needs and x.seat not in room.left_handed_seats:
            unmet += 1
    largest: dict = defaultdict(int)
    for r in rooms:
        largest[r.kind] = max(largest[r.kind], usable_seats(r, p))
    extra = 0
    for key, used in paper_rooms.items():
        cap = largest[paper_kind[key]] or 1
        extra += len(used) - -(-paper_size[key] // cap)
    employer = same_class = 0
    for (_, room_id), board in boards.items():
        room = by_room[room_id]
        seats, columns = seat_count(room, p), room_columns(room, p)
        for seat, a in board.items():
            for other in neighbours(seat, seats, columns):
                b = board.get(other)
                if b is None or other < seat:
                    continue
                employer += bool(a.employer) and a.employer == b.employer
                same_class += bool(a.training_class) and a.training_class == b.training_class
    mean = sum(len(v) for v in paper_rooms.values()) / len(paper_rooms) if paper_rooms else 0.0
    return SeatingQuality(
        rooms_per_paper=mean,
        extra_rooms=extra,
        adjacent_same_employer=employer,
        adjacent_same_class=same_class,
        unmet_needs=unmet,
    )


# --- staffing --------------------------------------------------------------------------------


def qualifies(person: Person, role: StaffRole, post: Post) -> bool:
    """Role held, and for examiners a credential valid that day covering every subject there."""
    held = role in person.roles or (
        role is StaffRole.EXAMINER and StaffRole.SENIOR_EXAMINER in person.roles
    )
    if not held:
        return False
    if role in (StaffRole.EXAMINER, StaffRole.SENIOR_EXAMINER):
        day = post.start.date()
        return all(
            any(c.covers(occupation, level, day) for c in person.credentials)
            for occupation, level in post.subjects
        )
    return True


def available(person: Person, post: Post) -> bool:
    day, last = post.start.date(), post.end.date()
    return day in person.available_days and last in person.available_days


# 回避 binds those who examine, invigilate or supervise the candidates; the site's lead and the
# exam-affairs staff organise and do not face them.
RECUSING_ROLES = frozenset(
    {
        StaffRole.EXAMINER,
        StaffRole.SENIOR_EXAMINER,
        StaffRole.INVIGILATOR,
        StaffRole.TECHNICIAN,
        StaffRole.INTERNAL_SUPERVISOR,
    }
)


def recusal_reason(person: Person, role: StaffRole, post: Post) -> str:
    """Why the person must not serve there (回避), or "" if nothing binds."""
    if role not in RECUSING_ROLES:
        return ""
    if person.employer and person.employer in post.employers:
        return "与考生同单位（同事）"
    if person.taught_classes & post.training_classes:
        return "曾为考生授课（师生）"
    for relation in person.relations:
        if relation.candidate_id is not None and relation.candidate_id in post.candidate_ids:
            return f"申报了与考生的{RELATION_LABELS[relation.kind]}关系"
        if relation.employer and relation.employer in post.employers:
            return f"申报了与考生所在单位的{RELATION_LABELS[relation.kind]}关系"
    return ""


def check_staffing(
    people: Sequence[Person],
    posts: Sequence[Post],
    assignments: Iterable[Assignment],
    *,
    shortfalls: Iterable[tuple[Id, StaffRole, int]] = (),
) -> list[str]:
    """Every hard staffing rule broken (empty when all hold); a seat left empty must be listed
    in ``shortfalls`` with its count."""
    by_person = {x.id: x for x in people}
    by_post = {x.id: x for x in posts}
    assignments = list(assignments)
    broken: list[str] = []
    filled: Counter = Counter()
    busy: dict[Id, list[Post]] = defaultdict(list)
    for a in assignments:
        person, post = by_person.get(a.person_id), by_post.get(a.post_id)
        if person is None or post is None:
            broken.append(f"{a} 人员或岗位不存在")
            continue
        filled[a.post_id, a.role] += 1
        if not qualifies(person, a.role, post):
            broken.append(f"{a} 不具备该岗位资格或证卡无效")
        if not available(person, post):
            broken.append(f"{a} 当日不可到岗")
        if reason := recusal_reason(person, a.role, post):
            broken.append(f"{a} 须回避：{reason}")
        clash = next((other for other in busy[a.person_id] if other.overlaps(post)), None)
        if clash is not None:
            broken.append(f"{a} 与岗位 {clash.id} 时间重叠")
        busy[a.person_id].append(post)
    short = Counter({(post, role): n for post, role, n in shortfalls})
    for post in posts:
        for role, need in post.requirements:
            have = filled[post.id, role]
            if have > need:
                broken.append(f"{post.id} {role} 安排 {have} 人，多于需要的 {need} 人")
            elif have + short[post.id, role] < need:
                broken.append(f"{post.id} {role} 缺 {need - have} 人，未说明")
    return broken


def measure_staffing(
    people: Sequence[Person],
    posts: Sequence[Post],
    assignments: Iterable[Assignment],
    parameters: StaffingParameters | None = None,
) -> StaffingQuality:
    p = parameters or StaffingParameters()
    by_person = {x.id: x for x in people}
    assignments = list(assignments)
    used = {a.person_id for a in assignments}
    over = {pid for pid in used if by_person[pid].consecutive_batches >= p.max_consecutive_batches}
    examiners = {
        a.person_id
        for a in assignments
        if a.role in (StaffRole.EXAMINER, StaffRole.SENIOR_EXAMINER)
    }
    new = {pid for pid in examiners if not by_person[pid].served_agency_before}
    needed_new = -(-len(examiners) * p.min_new_examiner_pct // 100)
    shortfall = max(0, needed_new - len(new))
    required = sum(n for post in posts for _, n in post.requirements)
    return StaffingQuality(
        rotation_penalty=p.weight_consecutive * len(over) + p.weight_not_new * len(examiners - new),
        over_consecutive=len(over),
        new_examiner_pct=100.0 * len(new) / len(examiners) if examiners else 100.0,
        new_examiner_shortfall=shortfall,
        unfilled=required - len(assignments),
    )


def recusal_violations(
    people: Sequence[Person], posts: Sequence[Post], assignments: Iterable[Assignment]
) -> int:
    by_person = {x.id: x for x in people}
    by_post = {x.id: x for x in posts}
    return sum(
        1 for a in assignments if recusal_reason(by_person[a.person_id], a.role, by_post[a.post_id])
    )

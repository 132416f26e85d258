"""Arrangement solver against a greedy baseline measured in the same run (issue 22).

    .venv/bin/python -m bench.arrangement                       # 50,000 candidates; 500 rooms
    .venv/bin/python -m bench.arrangement --candidates 5000 --room-sessions 100   # quick look

(1) Seating: 50,000 candidates (a tenth of them sit a second, later subject) into rooms of 30
    (5 × 6 desks; CBT rooms keep 10 % of terminals spare) across 20 sessions at 4 sites. The
    baseline is what an office does by hand: each session's candidates sorted by room kind and
    paper, poured into the rooms in list order, seat after seat.
(2) Staffing: 500 room-sessions (20 sessions × 25 rooms: theory, CBT, skill, review) from 2,000
    people of every role, with 5 % of them declaring a relation (relative, trainer, or colleague
    of an organisation) that touches the candidates, credentials that cover some occupations and
    levels and sometimes expire before the exam, availability on about 70 % of the days, and a
    rotation history. The baseline takes, for each post in time order, the first people who hold
    the role, a valid credential, are available and free at that time; it does not look at
    recusal or rotation.

Each phase runs in a forked child, so its peak resident memory (VmHWM, which includes the
interpreter and the instance inherited from the parent: "base" below) is its own. Quality and
hard rules are measured afterwards by the same independent checker for both
(``skillcert.arrangement.solver.checks``).
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import random
import time
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from skillcert.arrangement.solver import (
    Assignment,
    Candidate,
    Credential,
    Need,
    Person,
    Placement,
    Post,
    Relation,
    RelationKind,
    Room,
    RoomKind,
    SeatingParameters,
    Session,
    Sitting,
    StaffingParameters,
    StaffRole,
    SubjectKey,
    assign_staff,
    build_posts,
    check_seating,
    check_staffing,
    measure_seating,
    measure_staffing,
    recusal_violations,
    seat_candidates,
)
from skillcert.arrangement.solver.checks import available, qualifies
from skillcert.arrangement.solver.model import usable_seats

SITES = ("南宁考点", "柳州考点", "桂林考点", "玉林考点")
OCCUPATIONS = (
    "电工", "焊工", "育婴员", "保育师", "中式烹调师", "美容师", "汽车维修工", "车工",
    "钳工", "电子商务师", "企业人力资源管理师", "健康管理师", "养老护理员", "茶艺师",
    "网络与信息安全管理员", "物流服务师", "家政服务员", "保安员", "消防设施操作员", "农艺工",
)  # fmt: skip
FIRST_DAY = date(2026, 4, 20)
SLOTS = ((9, 0, 11, 0), (14, 30, 16, 30))
SEATING_GOAL_S = 30
STAFFING_GOAL_S = 60


def _vm(field: str) -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1]) / 1024
    return 0.0


def _child(task: Callable[[], Any], conn) -> None:
    base = _vm("VmRSS:")
    start = time.perf_counter()
    result = task()
    elapsed = time.perf_counter() - start
    conn.send((result, elapsed, base, _vm("VmHWM:")))
    conn.close()


def run_in_child(task: Callable[[], Any]) -> tuple[Any, float, float, float]:
    """(result, seconds, base RSS MiB, peak RSS MiB) of ``task`` run in a forked child."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(task, child))
    process.start()
    child.close()
    result = parent.recv()
    process.join()
    return result


def _session_times(n: int) -> list[tuple[str, datetime, datetime]]:
    """n sessions, two sites at a time, two slots a day."""
    out = []
    for i in range(n):
        day = FIRST_DAY + timedelta(days=i // (2 * len(SLOTS)))
        h1, m1, h2, m2 = SLOTS[(i // 2) % len(SLOTS)]
        site = SITES[(i % 2) + 2 * ((i // (2 * len(SLOTS))) % 2)]
        start = datetime(day.year, day.month, day.day, h1, m1)
        out.append((site, start, datetime(day.year, day.month, day.day, h2, m2)))
    return out


def _zipf_pick(rng: random.Random, names: list[str], weights: list[float]) -> str:
    return rng.choices(names, weights)[0]


# --- seating instance and baseline --------------------------------------------------------------


def seating_instance(n_candidates: int, n_sessions: int, seed: int = 2026):
    rng = random.Random(seed)
    times = _session_times(n_sessions)
    employers = [f"单位{i:04d}" for i in range(max(50, n_candidates // 25))]
    weights = [1 / (i + 1) ** 0.8 for i in range(len(employers))]
    classes = [f"培训班{i:04d}" for i in range(max(30, n_candidates // 35))]
    papers = [SubjectKey(o, lv, "理论知识") for o in OCCUPATIONS for lv in (3, 4, 5)]
    paper_weight = [1 / (i + 1) ** 0.7 for i in range(len(papers))]
    cbt = {p for i, p in enumerate(papers) if i % 6 == 0}
    sittings_of: dict[int, list[Sitting]] = {}
    for cid in range(n_candidates):
        s = rng.randrange(n_sessions)
        paper = rng.choices(papers, paper_weight)[0]
        kind = RoomKind.CBT if paper in cbt else RoomKind.THEORY
        items = [Sitting(s, paper, kind)]
        if rng.random() < 0.1 and s + 2 < n_sessions:
            later = rng.randrange(s + 2, n_sessions)
            items.append(
                Sitting(
                    later, SubjectKey(paper.occupation, paper.level, "操作技能"), RoomKind.SKILL
                )
            )
        sittings_of[cid] = items
    candidates = []
    for cid, items in sittings_of.items():
        needs = set()
        if rng.random() < 0.01:
            needs.add(Need.GROUND_FLOOR)
        if rng.random() < 0.02:
            needs.add(Need.LEFT_HANDED)
        candidates.append(
            Candidate(
                id=cid,
                sittings=tuple(items),
                employer=_zipf_pick(rng, employers, weights),
                training_class=rng.choice(classes),
                needs=frozenset(needs),
            )
        )
    demand: Counter = Counter(
        (st.session_id, st.room_kind) for c in candidates for st in c.sittings
    )
    rooms: list[Room] = []
    sessions: list[Session] = []
    p = SeatingParameters()
    for s, (site, start, end) in enumerate(times):
        ids = []
        for kind in (RoomKind.THEORY, RoomKind.CBT, RoomKind.SKILL):
            probe = Room(id="", kind=kind, capacity=30, rows=5, columns=6)
            # About 8 % spare seats, as an office would plan.
            count = math.ceil(demand[s, kind] * 1.08 / usable_seats(probe, p))
            for k in range(count):
                room_id = f"{s:02d}-{kind.value}-{k:03d}"
                rooms.append(
                    Room(
                        id=room_id,
                        kind=kind,
                        capacity=30,
                        rows=5,
                        columns=6,
                        ground_floor=k % 3 == 0,
                        left_handed_seats=frozenset({1, 7}),
                        name=f"{k + 1:03d}考场",
                    )
                )
                ids.append(room_id)
        sessions.append(Session(s, start, end, tuple(ids), site=site, label=f"第{s + 1}场"))
    return candidates, sessions, rooms


def greedy_seating(candidates, sessions, rooms, p: SeatingParameters) -> list[Placement]:
    by_room = {r.id: r for r in rooms}
    wanted: dict[Any, list] = {s.id: [] for s in sessions}
    for c in candidates:
        for st in c.sittings:
            wanted[st.session_id].append((st.room_kind.value, st.subject, c.id))
    placements = []
    for session in sessions:
        pointer: dict[RoomKind, tuple[int, int]] = {}
        room_ids = {
            kind: [r for r in session.room_ids if by_room[r].kind is kind] for kind in RoomKind
        }
        for kind_value, _subject, cid in sorted(wanted[session.id]):
            kind = RoomKind(kind_value)
            index, seat = pointer.get(kind, (0, 0))
            if seat >= usable_seats(by_room[room_ids[kind][index]], p):
                index, seat = index + 1, 0
            placements.append(Placement(cid, session.id, room_ids[kind][index], seat + 1))
            pointer[kind] = (index, seat + 1)
    return placements


# --- staffing instance and baseline -------------------------------------------------------------

ROOM_MIX = (
    (RoomKind.THEORY,) * 17 + (RoomKind.CBT,) * 3 + (RoomKind.SKILL,) * 4 + (RoomKind.REVIEW,)
)
ROLE_MIX = (
    (StaffRole.INVIGILATOR, 1100),
    (StaffRole.EXAMINER, 420),
    (StaffRole.SENIOR_EXAMINER, 120),
    (StaffRole.TECHNICIAN, 140),
    (StaffRole.INTERNAL_SUPERVISOR, 90),
    (StaffRole.EXAM_AFFAIRS_LEAD, 50),
    (StaffRole.EXAM_AFFAIRS, 80),
)


def staffing_instance(n_room_sessions: int, n_people: int, seed: int = 2026):
    rng = random.Random(seed)
    per_session = len(ROOM_MIX)
    n_sessions = max(1, n_room_sessions // per_session)
    times = _session_times(n_sessions)
    employers = [f"单位{i:04d}" for i in range(600)]
    classes = [f"培训班{i:04d}" for i in range(400)]
    candidates, rooms, sessions, placements = [], [], [], []
    cid = 0
    for s, (site, start, end) in enumerate(times):
        ids = []
        for k, kind in enumerate(ROOM_MIX):
            size = 30 if kind in (RoomKind.THEORY, RoomKind.CBT) else 10
            room = Room(
                id=f"{s:02d}-{k:02d}",
                kind=kind,
                capacity=size,
                rows=size // 5,
                columns=5,
                name=f"{k + 1:02d}考场",
            )
            rooms.append(room)
            ids.append(room.id)
            level = rng.choice((1, 2) if kind is RoomKind.REVIEW else (3, 4, 5))
            paper = SubjectKey(rng.choice(OCCUPATIONS[:8]), level, kind.value)
            for seat in range(1, usable_seats(room, SeatingParameters()) - rng.randrange(3) + 1):
                candidates.append(
                    Candidate(
                        id=cid,
                        sittings=(Sitting(s, paper, kind),),
                        employer=rng.choice(employers),
                        training_class=rng.choice(classes),
                    )
                )
                placements.append(Placement(cid, s, room.id, seat))
                cid += 1
        sessions.append(Session(s, start, end, tuple(ids), site=site, label=f"第{s + 1}场"))
    days = sorted({t[1].date() for t in times})
    roles = [role for role, n in ROLE_MIX for _ in range(n)]
    scale = n_people / len(roles)
    roles = [roles[int(i / scale)] for i in range(n_people)] if scale != 1 else roles
    people = []
    for i, role in enumerate(roles):
        credentials = ()
        if role in (StaffRole.EXAMINER, StaffRole.SENIOR_EXAMINER):
            levels = (1, 2, 3) if role is StaffRole.SENIOR_EXAMINER else (3, 4, 5)
            expires = FIRST_DAY + timedelta(days=rng.randrange(-20, 400))
            credentials = (
                Credential(
                    number=f"KP{i:05d}",
                    occupations=frozenset(rng.sample(OCCUPATIONS[:8], 4)),
                    levels=frozenset(levels),
                    valid_from=date(2024, 1, 1),
                    valid_to=expires,
                ),
            )
        relations = ()
        taught = frozenset()
        if rng.random() < 0.05:  # 5 % declare a conflict touching the candidates
            pick = rng.random()
            if pick < 0.4:
                relations = (Relation(RelationKind.RELATIVE, candidate_id=rng.randrange(cid)),)
            elif pick < 0.7:
                relations = (Relation(RelationKind.COLLEAGUE, employer=rng.choice(employers)),)
            else:
                taught = frozenset(rng.sample(classes, 3))
        people.append(
            Person(
                id=f"P{i:05d}",
                roles=frozenset({role}),
                employer=rng.choice(employers) if rng.random() < 0.3 else f"外单位{i}",
                credentials=credentials,
                available_days=frozenset(d for d in days if rng.random() < 0.7),
                taught_classes=taught,
                relations=relations,
                consecutive_batches=rng.choice((0, 0, 0, 1, 2, 3, 4)),
                served_agency_before=rng.random() < 0.6,
            )
        )
    return candidates, sessions, rooms, placements, people


def greedy_staffing(people: list[Person], posts: list[Post]) -> tuple[list[Assignment], list]:
    busy: dict[Any, list[Post]] = {}
    assignments, shortfalls = [], []
    for post in sorted(posts, key=lambda x: (x.start, str(x.id))):
        for role, need in post.requirements:
            got = 0
            for person in people:
                if got == need:
                    break
                if not qualifies(person, role, post) or not available(person, post):
                    continue
                if any(other.overlaps(post) for other in busy.get(person.id, ())):
                    continue
                busy.setdefault(person.id, []).append(post)
                assignments.append(Assignment(post.id, role, person.id))
                got += 1
            if got < need:
                shortfalls.append((post.id, role, need - got))
    return assignments, shortfalls


# --- report ------------------------------------------------------------------------------------


def _row(label: str, seconds: float, base: float, peak: float) -> str:
    return f"    {label:<28}{seconds:9.2f} s   peak RSS {peak:7.1f} MiB (base {base:6.1f})"


def bench_seating(n_candidates: int, n_sessions: int) -> None:
    p = SeatingParameters()
    t0 = time.perf_counter()
    candidates, sessions, rooms = seating_instance(n_candidates, n_sessions)
    sittings = sum(len(c.sittings) for c in candidates)
    print(
        f"(1) seating: {n_candidates:,} candidates, {sittings:,} sittings,"
        f" {len(sessions)} sessions, {len(rooms):,} room-sessions of 30"
        f" (built in {time.perf_counter() - t0:.1f} s)"
    )
    greedy, g_s, g_base, g_peak = run_in_child(
        lambda: greedy_seating(candidates, sessions, rooms, p)
    )
    ours, o_s, o_base, o_peak = run_in_child(
        lambda: seat_candidates(candidates=candidates, sessions=sessions, rooms=rooms, parameters=p)
    )
    print(_row("greedy (sorted, poured)", g_s, g_base, g_peak))
    print(_row("solver", o_s, o_base, o_peak))
    print(f"    ratio time solver / greedy     {o_s / g_s:9.1f} x")
    gq = measure_seating(candidates, sessions, rooms, greedy, p)
    oq = ours.quality
    g_hard = check_seating(candidates, sessions, rooms, greedy, parameters=p)
    o_hard = check_seating(
        candidates,
        sessions,
        rooms,
        ours.placements,
        parameters=p,
        unplaced=ours.unplaced,
        problems=ours.problems,
    )
    print(f"    {'quality':<32}{'greedy':>10}{'solver':>10}")
    for label, a, b in (
        ("rooms per paper (mean)", gq.rooms_per_paper, oq.rooms_per_paper),
        ("rooms beyond lower bound", gq.extra_rooms, oq.extra_rooms),
        ("adjacent same employer", gq.adjacent_same_employer, oq.adjacent_same_employer),
        ("adjacent same class", gq.adjacent_same_class, oq.adjacent_same_class),
        ("unmet needs", gq.unmet_needs, oq.unmet_needs),
        ("hard-rule violations", len(g_hard), len(o_hard)),
    ):
        print(f"    {label:<32}{a:>10.3f}{b:>10.3f}" if isinstance(a, float) else
              f"    {label:<32}{a:>10,}{b:>10,}")  # fmt: skip
    print(f"    solver problems reported: {len(ours.problems)}; goal {SEATING_GOAL_S} s:"
          f" {'met' if o_s < SEATING_GOAL_S else 'missed'}")  # fmt: skip


def bench_staffing(n_room_sessions: int, n_people: int) -> None:
    p = StaffingParameters()
    t0 = time.perf_counter()
    candidates, sessions, rooms, placements, people = staffing_instance(n_room_sessions, n_people)
    posts = build_posts(
        sessions=sessions, rooms=rooms, candidates=candidates, placements=placements, parameters=p
    )
    room_posts = sum(1 for x in posts if x.room_label)
    declared = sum(1 for x in people if x.relations or x.taught_classes)
    print(
        f"(2) staffing: {room_posts} room-sessions + {len(posts) - room_posts} session/site posts,"
        f" {sum(n for x in posts for _, n in x.requirements):,} seats to fill, {len(people):,}"
        f" people ({declared} declare a conflict), {len(candidates):,} candidates"
        f" (built in {time.perf_counter() - t0:.1f} s)"
    )
    (g_assign, g_short), g_s, g_base, g_peak = run_in_child(lambda: greedy_staffing(people, posts))
    ours, o_s, o_base, o_peak = run_in_child(
        lambda: assign_staff(people=people, posts=posts, parameters=p)
    )
    print(_row("greedy (first free)", g_s, g_base, g_peak))
    print(_row("solver", o_s, o_base, o_peak))
    print(f"    ratio time solver / greedy     {o_s / g_s:9.1f} x")
    gq = measure_staffing(people, posts, g_assign, p)
    oq = ours.quality
    g_hard = check_staffing(people, posts, g_assign, shortfalls=g_short)
    o_hard = check_staffing(people, posts, ours.assignments, shortfalls=ours.shortfalls)
    print(f"    {'quality':<32}{'greedy':>10}{'solver':>10}")
    for label, a, b in (
        ("rotation penalty", gq.rotation_penalty, oq.rotation_penalty),
        ("people over consecutive limit", gq.over_consecutive, oq.over_consecutive),
        ("examiners new to agency %", gq.new_examiner_pct, oq.new_examiner_pct),
        ("new-examiner shortfall", gq.new_examiner_shortfall, oq.new_examiner_shortfall),
        ("recusal violations", recusal_violations(people, posts, g_assign),
         recusal_violations(people, posts, ours.assignments)),
        ("seats left empty", sum(n for *_, n in g_short), sum(n for *_, n in ours.shortfalls)),
        ("hard-rule violations", len(g_hard), len(o_hard)),
    ):  # fmt: skip
        print(f"    {label:<32}{a:>10.1f}{b:>10.1f}" if isinstance(a, float) else
              f"    {label:<32}{a:>10,}{b:>10,}")  # fmt: skip
    print(f"    solver explanations: {len(ours.problems)}"
          + (f", e.g. {ours.problems[0].message}" if ours.problems else ""))  # fmt: skip
    print(f"    goal {STAFFING_GOAL_S} s: {'met' if o_s < STAFFING_GOAL_S else 'missed'}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.arrangement")
    parser.add_argument("--candidates", type=int, default=50_000)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--room-sessions", type=int, default=500)
    parser.add_argument("--people", type=int, default=2_000)
    parser.add_argument("--only", choices=("seating", "staffing"))
    args = parser.parse_args(argv)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} CPUs, load average {load} at start")
    if args.only != "staffing":
        bench_seating(args.candidates, args.sessions)
    if args.only != "seating":
        bench_staffing(args.room_sessions, args.people)
    print(f"load average {', '.join(f'{x:.1f}' for x in os.getloadavg())} at the end")


if __name__ == "__main__":
    main()

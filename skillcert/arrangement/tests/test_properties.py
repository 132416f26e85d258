"""On random small instances every hard rule holds in whatever the solver returns, and an
impossible instance comes back with explanations, never an exception."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillcert.arrangement.solver import (
    Candidate,
    Credential,
    Need,
    Person,
    Placement,
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
    seat_candidates,
)

DAY = datetime(2026, 4, 20, 8)
PAPERS = [SubjectKey("电工", 3, "理论知识"), SubjectKey("电工", 4, "理论知识")]
EMPLOYERS = ["", "柳钢", "玉柴", "上汽通用五菱"]
CLASSES = ["", "甲班", "乙班"]
SEATING = SeatingParameters(room_time_limit_s=0.2, total_time_limit_s=2, local_search_rounds=200)
STAFFING = StaffingParameters(time_limit_s=2)
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def seating_instances(draw):
    kinds = list(RoomKind)
    rooms = [
        Room(
            id=f"r{i}",
            kind=draw(st.sampled_from(kinds)),
            capacity=draw(st.integers(1, 12)),
            rows=draw(st.integers(0, 4)),
            columns=draw(st.integers(0, 4)),
            ground_floor=draw(st.booleans()),
            left_handed_seats=frozenset(draw(st.lists(st.integers(1, 12), max_size=3))),
        )
        for i in range(draw(st.integers(1, 4)))
    ]
    sessions = []
    for i in range(draw(st.integers(1, 3))):
        start = DAY + timedelta(hours=draw(st.integers(0, 6)))
        sessions.append(
            Session(
                id=i,
                start=start,
                end=start + timedelta(hours=draw(st.integers(1, 3))),
                room_ids=tuple(draw(st.sets(st.sampled_from([r.id for r in rooms]), min_size=1))),
                site="南宁考点",
                label=f"第{i + 1}场",
            )
        )
    candidates = []
    for i in range(draw(st.integers(0, 25))):
        sittings = tuple(
            Sitting(s, draw(st.sampled_from(PAPERS)), draw(st.sampled_from(kinds[:3])))
            for s in draw(st.sets(st.integers(0, len(sessions)), max_size=2))
        )
        candidates.append(
            Candidate(
                id=i,
                sittings=sittings,
                employer=draw(st.sampled_from(EMPLOYERS)),
                training_class=draw(st.sampled_from(CLASSES)),
                needs=frozenset(draw(st.sets(st.sampled_from(list(Need))))),
            )
        )
    pins = [
        Placement(
            draw(st.integers(0, 25)),
            draw(st.integers(0, len(sessions) - 1)),
            draw(st.sampled_from([r.id for r in rooms])),
            draw(st.integers(0, 13)),
        )
        for _ in range(draw(st.integers(0, 4)))
    ]
    return candidates, sessions, rooms, pins


@FAST
@given(seating_instances())
def test_seating_keeps_every_hard_rule_or_explains(instance):
    candidates, sessions, rooms, pins = instance
    result = seat_candidates(
        candidates=candidates, sessions=sessions, rooms=rooms, pins=pins, parameters=SEATING
    )
    broken = check_seating(
        candidates,
        sessions,
        rooms,
        result.placements,
        pins=pins,
        parameters=SEATING,
        unplaced=result.unplaced,
        problems=result.problems,
    )
    assert broken == []
    for problem in result.problems:
        assert problem.message and problem.code.startswith("seating.")
    if not result.problems:
        assert not result.unplaced


def _people(draw, n: int) -> list[Person]:
    people = []
    for i in range(n):
        roles = frozenset(draw(st.sets(st.sampled_from(list(StaffRole)), min_size=1, max_size=2)))
        credentials = tuple(
            Credential(
                number=f"K{i}",
                occupations=frozenset({"电工"}),
                levels=frozenset(draw(st.sets(st.integers(3, 5), min_size=1))),
                valid_from=date(2025, 1, 1),
                valid_to=date(2026, 4, draw(st.integers(18, 22))),
            )
            for _ in range(draw(st.integers(0, 1)))
        )
        relations = tuple(
            Relation(
                draw(st.sampled_from(list(RelationKind))),
                candidate_id=draw(st.one_of(st.none(), st.integers(0, 25))),
                employer=draw(st.sampled_from(EMPLOYERS)),
            )
            for _ in range(draw(st.integers(0, 1)))
        )
        people.append(
            Person(
                id=f"p{i}",
                roles=roles,
                employer=draw(st.sampled_from(EMPLOYERS)),
                credentials=credentials,
                available_days=frozenset(draw(st.sets(st.sampled_from([DAY.date()]))) or ()),
                taught_classes=frozenset(draw(st.sets(st.sampled_from(CLASSES[1:])))),
                relations=relations,
                consecutive_batches=draw(st.integers(0, 4)),
                served_agency_before=draw(st.booleans()),
            )
        )
    return people


@FAST
@given(seating_instances(), st.data())
def test_staffing_keeps_every_hard_rule_or_explains(instance, data):
    candidates, sessions, rooms, _ = instance
    seated = seat_candidates(
        candidates=candidates, sessions=sessions, rooms=rooms, parameters=SEATING
    )
    posts = build_posts(
        sessions=sessions, rooms=rooms, candidates=candidates, placements=seated.placements
    )
    people = _people(data.draw, data.draw(st.integers(0, 15)))
    result = assign_staff(people=people, posts=posts, parameters=STAFFING)
    assert check_staffing(people, posts, result.assignments, shortfalls=result.shortfalls) == []
    assert len(result.problems) == len(result.shortfalls)
    for problem in result.problems:
        assert "缺少" in problem.message and "建议" in problem.message

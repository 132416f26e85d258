from __future__ import annotations

from collections import Counter

from skillcert.arrangement.solver import (
    Need,
    Placement,
    RoomKind,
    SeatingParameters,
    SubjectKey,
    check_seating,
    measure_seating,
    seat_candidates,
)
from skillcert.arrangement.tests.instances import (
    ELECTRICIAN_3_SKILL,
    candidate,
    room,
    session,
)


def _solve(candidates, sessions, rooms, pins=(), **params):
    p = SeatingParameters(**params)
    result = seat_candidates(
        candidates=candidates, sessions=sessions, rooms=rooms, pins=pins, parameters=p
    )
    broken = check_seating(
        candidates,
        sessions,
        rooms,
        result.placements,
        pins=pins,
        parameters=p,
        unplaced=result.unplaced,
        problems=result.problems,
    )
    assert broken == []
    return result


def test_every_candidate_gets_one_seat_in_a_room_of_the_subjects_kind():
    rooms = [room("101"), room("201", RoomKind.SKILL, capacity=10, rows=2, columns=5)]
    sessions = [session(1, rooms=("101", "201"))]
    candidates = [candidate(i, 1) for i in range(20)] + [
        candidate(100 + i, 1, subject=ELECTRICIAN_3_SKILL, kind=RoomKind.SKILL) for i in range(8)
    ]
    result = _solve(candidates, sessions, rooms)
    assert result.feasible
    rooms_of = {x.candidate_id: x.room_id for x in result.placements}
    assert {rooms_of[i] for i in range(20)} == {"101"}
    assert {rooms_of[100 + i] for i in range(8)} == {"201"}


def test_cbt_room_keeps_the_rule_sets_share_of_terminals_spare():
    rooms = [room("机房1", RoomKind.CBT, capacity=30), room("机房2", RoomKind.CBT, capacity=30)]
    sessions = [session(1, rooms=("机房1", "机房2"))]
    candidates = [candidate(i, 1, kind=RoomKind.CBT) for i in range(54)]
    result = _solve(candidates, sessions, rooms, cbt_spare_pct=10)
    assert result.feasible
    assert max(Counter(x.room_id for x in result.placements).values()) == 27
    over = _solve([*candidates, candidate(99, 1, kind=RoomKind.CBT)], sessions, rooms)
    assert [p.code for p in over.problems] == ["seating.capacity"]
    assert "机考考场座位不足：需55个" in over.problems[0].message
    assert "缺1个" in over.problems[0].message
    assert "10%预留备用终端" in over.problems[0].message


def test_overlapping_sessions_of_one_candidate_are_explained_not_seated_twice():
    rooms = [room("101")]
    sessions = [session(1, hour=9, rooms=("101",)), session(2, hour=10, rooms=("101",))]
    result = _solve([candidate("张三", 1, 2)], sessions, rooms)
    assert len(result.placements) == 1
    assert result.unplaced == (("张三", 2),)
    [problem] = result.problems
    assert problem.code == "seating.overlap"
    assert "南宁考点 第1场" in problem.message and "南宁考点 第2场" in problem.message
    assert "时间重叠" in problem.message


def test_missing_room_kind_names_the_session_and_the_fix():
    result = _solve(
        [candidate(1, 1, kind=RoomKind.REVIEW)], [session(1, rooms=("101",))], [room("101")]
    )
    [problem] = result.problems
    assert "南宁考点 第1场" in problem.message
    assert "本场次没有综合评审室" in problem.message
    assert "建议" in problem.message


def test_a_paper_fills_as_few_rooms_as_possible():
    rooms = [room(f"r{i}") for i in range(6)]
    sessions = [session(1, rooms=tuple(r.id for r in rooms))]
    papers = [
        SubjectKey("电工", 3, "理论"),
        SubjectKey("焊工", 4, "理论"),
        SubjectKey("育婴员", 5, "理论"),
    ]
    sizes = [61, 45, 29]
    candidates = [
        candidate(f"{j}-{i}", 1, subject=paper)
        for j, (paper, n) in enumerate(zip(papers, sizes, strict=True))
        for i in range(n)
    ]
    result = _solve(candidates, sessions, rooms)
    assert result.quality.extra_rooms == 0
    per_paper = Counter()
    for paper in papers:
        per_paper[paper] = len(
            {
                x.room_id
                for x in result.placements
                if x.candidate_id.startswith(str(papers.index(paper)))
            }
        )
    assert per_paper == {papers[0]: 3, papers[1]: 2, papers[2]: 1}


def test_same_employer_and_training_class_are_not_seated_side_by_side():
    rooms = [room("101")]
    sessions = [session(1, rooms=("101",))]
    candidates = [
        candidate(i, 1, employer=f"单位{i % 3}", training_class=f"班{i % 5}") for i in range(30)
    ]
    result = _solve(candidates, sessions, rooms)
    assert result.quality.adjacent_same_employer == 0
    assert result.quality.adjacent_same_class == 0


def test_left_handed_desk_and_ground_floor_go_to_those_who_asked():
    rooms = [
        room("301", ground_floor=False),
        room("101", ground_floor=True, left_handed_seats=frozenset({4})),
    ]
    sessions = [session(1, rooms=("301", "101"))]
    candidates = [candidate(i, 1) for i in range(20)] + [
        candidate("轮椅", 1, needs=frozenset({Need.GROUND_FLOOR})),
        candidate("左手", 1, needs=frozenset({Need.LEFT_HANDED, Need.GROUND_FLOOR})),
    ]
    result = _solve(candidates, sessions, rooms)
    where = {x.candidate_id: (x.room_id, x.seat) for x in result.placements}
    assert where["轮椅"][0] == "101"
    assert where["左手"] == ("101", 4)
    assert result.quality.unmet_needs == 0


def test_manual_moves_are_kept_on_a_re_run():
    rooms = [room("101"), room("102")]
    sessions = [session(1, rooms=("101", "102"))]
    candidates = [candidate(i, 1) for i in range(40)]
    pin = Placement(candidate_id=7, session_id=1, room_id="102", seat=30)
    result = _solve(candidates, sessions, rooms, pins=[pin])
    assert pin in result.placements
    assert sum(1 for x in result.placements if (x.room_id, x.seat) == ("102", 30)) == 1


def test_a_pin_that_cannot_hold_is_dropped_with_its_reason():
    rooms = [room("101"), room("机房", RoomKind.CBT)]
    sessions = [session(1, rooms=("101", "机房"))]
    pins = [
        Placement(1, 1, "机房", 3),  # a written paper in a CBT room
        Placement(2, 1, "101", 31),  # no such seat
        Placement(3, 1, "101", 5),
        Placement(4, 1, "101", 5),  # the same seat twice
    ]
    result = _solve([candidate(i, 1) for i in range(1, 5)], sessions, rooms, pins=pins)
    reasons = [p.message for p in result.problems]
    assert any("考场类型与科目的考核方式不符" in m for m in reasons)
    assert any("座位号须在1至30之间" in m for m in reasons)
    assert any("该座位同一时段已有其他考生" in m for m in reasons)
    assert len(result.placements) == 4


def test_sessions_that_share_a_room_at_the_same_time_share_its_seats():
    rooms = [room("101")]
    sessions = [session(1, rooms=("101",)), session(2, rooms=("101",))]
    candidates = [candidate(i, 1) for i in range(20)] + [candidate(100 + i, 2) for i in range(15)]
    result = _solve(candidates, sessions, rooms)
    assert len(result.placements) == 30
    assert [p.code for p in result.problems] == ["seating.capacity"]


def test_quality_is_measured_on_the_placements():
    rooms = [room("101", rows=1, columns=3, capacity=3)]
    sessions = [session(1, rooms=("101",))]
    candidates = [candidate(i, 1, employer="甲") for i in range(3)]
    placements = [Placement(i, 1, "101", i + 1) for i in range(3)]
    quality = measure_seating(candidates, sessions, rooms, placements)
    assert quality.adjacent_same_employer == 2
    assert quality.rooms_per_paper == 1

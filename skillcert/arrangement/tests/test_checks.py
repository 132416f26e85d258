"""The checkers catch what they are for (a checker that passes everything proves nothing)."""

from __future__ import annotations

from skillcert.arrangement.solver import (
    Assignment,
    Placement,
    RoomKind,
    StaffRole,
    build_posts,
    check_seating,
    check_staffing,
    recusal_violations,
)
from skillcert.arrangement.tests.instances import candidate, person, room, session

ROOMS = [room("101"), room("机房", RoomKind.CBT, capacity=10, rows=2, columns=5)]
SESSIONS = [session(1, rooms=("101", "机房")), session(2, hour=10, rooms=("101",))]


def test_seating_checker_flags_each_broken_rule():
    candidates = [candidate(1, 1), candidate(2, 1), candidate(3, 1, 2), candidate(4, 1)]
    placements = [
        Placement(1, 1, "101", 5),
        Placement(2, 1, "101", 5),  # same seat
        Placement(3, 1, "机房", 1),  # written paper in a CBT room
        Placement(3, 2, "101", 9),  # overlapping sessions
    ]
    broken = check_seating(candidates, SESSIONS, ROOMS, placements)
    text = "\n".join(broken)
    assert "同时占用一个座位" in text
    assert "考场类型" in text
    assert "考生 3 同时在" in text
    assert "(4, 1) 没有座位" in text
    full = [candidate(i, 1, kind=RoomKind.CBT) for i in range(10)]
    over = [Placement(i, 1, "机房", i + 1) for i in range(10)]
    assert any("超过 9" in b for b in check_seating(full, SESSIONS, ROOMS, over))


def test_staffing_checker_flags_recusal_overlap_and_missing_credentials():
    candidates = [candidate(i, 1, employer="玉柴") for i in range(10)]
    placements = [Placement(i, 1, "101", i + 1) for i in range(10)]
    posts = build_posts(
        sessions=SESSIONS[:1], rooms=ROOMS, candidates=candidates, placements=placements
    )
    room_post = next(p for p in posts if p.room_label)
    people = [
        person("同事", StaffRole.INVIGILATOR, employer="玉柴"),
        person("监考", StaffRole.INVIGILATOR),
        person("督导", StaffRole.INTERNAL_SUPERVISOR),
    ]
    assignments = [
        Assignment(room_post.id, StaffRole.INVIGILATOR, "同事"),
        Assignment(room_post.id, StaffRole.INVIGILATOR, "监考"),
        Assignment("1", StaffRole.INTERNAL_SUPERVISOR, "监考"),
    ]
    text = "\n".join(check_staffing(people, posts, assignments))
    assert "须回避：与考生同单位（同事）" in text
    assert "时间重叠" in text
    assert "不具备该岗位资格" in text
    assert "EXAM_AFFAIRS_LEAD" in text.upper() and "未说明" in text
    assert recusal_violations(people, posts, assignments) == 1

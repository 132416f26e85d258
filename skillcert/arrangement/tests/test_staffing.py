from __future__ import annotations

from datetime import date

from skillcert.arrangement.solver import (
    Placement,
    Relation,
    RelationKind,
    RoomKind,
    StaffingParameters,
    StaffRole,
    assign_staff,
    build_posts,
    check_staffing,
    staffing_requirements,
)
from skillcert.arrangement.tests.instances import (
    DAY,
    ELECTRICIAN_3_SKILL,
    candidate,
    credential,
    person,
    room,
    session,
)

P = StaffingParameters()


def test_requirements_follow_the_rule_set():
    assert staffing_requirements(RoomKind.THEORY, 10, P) == ((StaffRole.INVIGILATOR, 2),)
    assert staffing_requirements(RoomKind.THEORY, 31, P) == ((StaffRole.INVIGILATOR, 3),)
    assert staffing_requirements(RoomKind.CBT, 30, P) == (
        (StaffRole.INVIGILATOR, 2),
        (StaffRole.TECHNICIAN, 1),
    )
    # 考评人员为3人（含）以上单数
    assert staffing_requirements(RoomKind.SKILL, 12, P) == ((StaffRole.EXAMINER, 3),)
    assert staffing_requirements(RoomKind.SKILL, 16, P) == ((StaffRole.EXAMINER, 5),)
    assert staffing_requirements(RoomKind.REVIEW, 4, P) == ((StaffRole.SENIOR_EXAMINER, 3),)
    stricter = StaffingParameters(theory_invigilator_ratio=20, theory_min_invigilators_per_room=3)
    assert staffing_requirements(RoomKind.THEORY, 30, stricter) == ((StaffRole.INVIGILATOR, 3),)


def _skill_world(n_candidates: int = 6, **candidate_kw):
    rooms = [room("实操1", RoomKind.SKILL, capacity=10, rows=2, columns=5)]
    sessions = [session(2, rooms=("实操1",))]
    candidates = [
        candidate(i, 2, subject=ELECTRICIAN_3_SKILL, kind=RoomKind.SKILL, **candidate_kw)
        for i in range(n_candidates)
    ]
    placements = [Placement(i, 2, "实操1", i + 1) for i in range(n_candidates)]
    posts = build_posts(
        sessions=sessions, rooms=rooms, candidates=candidates, placements=placements
    )
    return candidates, posts


def _staff(people, posts, **params):
    p = StaffingParameters(**params)
    result = assign_staff(people=people, posts=posts, parameters=p)
    assert check_staffing(people, posts, result.assignments, shortfalls=result.shortfalls) == []
    return result


def _support(*roles):
    return [person(f"s{i}", role) for i, role in enumerate(roles)]


SUPPORT = (StaffRole.INTERNAL_SUPERVISOR, StaffRole.EXAM_AFFAIRS_LEAD)


def test_posts_cover_rooms_sessions_and_the_site():
    _, posts = _skill_world()
    assert {post.scope.value: post.requirements for post in posts} == {
        "room": ((StaffRole.EXAMINER, 3),),
        "session": ((StaffRole.INTERNAL_SUPERVISOR, 1),),
        "site": ((StaffRole.EXAM_AFFAIRS_LEAD, 1),),
    }


def test_a_full_assignment_respects_every_hard_rule():
    _, posts = _skill_world()
    people = [person(f"e{i}", StaffRole.EXAMINER) for i in range(5)] + _support(*SUPPORT)
    result = _staff(people, posts)
    assert result.feasible
    assert result.problems == ()
    assert len(result.assignments) == 5


def test_missing_examiners_are_named_with_the_session_and_the_fix():
    _, posts = _skill_world()
    people = [
        person("e1", StaffRole.EXAMINER),
        person("expired", StaffRole.EXAMINER, credentials=(credential(until=date(2026, 4, 1)),)),
        person("away", StaffRole.EXAMINER, days=(date(2026, 4, 21),)),
        person("welder", StaffRole.EXAMINER, credentials=(credential("焊工"),)),
        *_support(*SUPPORT),
    ]
    result = _staff(people, posts)
    assert not result.feasible
    [problem] = result.problems
    assert "南宁考点 第2场 实操1考场 缺少有效的三级考评员 2 名" in problem.message
    assert "证卡有效且覆盖本考场职业等级的2人" in problem.message
    assert "当日可到岗的1人" in problem.message
    assert "电工三级" in problem.message and "2026年4月20日" in problem.message
    assert result.shortfalls == (("2/实操1", StaffRole.EXAMINER, 2),)


def test_recusal_excludes_colleagues_trainers_relatives_and_declared_organisations():
    _, posts = _skill_world(employer="柳钢集团", training_class="2026春电工班")
    people = (
        [
            person("colleague", StaffRole.EXAMINER, employer="柳钢集团"),
            person("trainer", StaffRole.EXAMINER, taught_classes=frozenset({"2026春电工班"})),
            person("relative", StaffRole.EXAMINER, relations=(Relation(RelationKind.RELATIVE, 3),)),
            person(
                "org",
                StaffRole.EXAMINER,
                relations=(Relation(RelationKind.COLLEAGUE, employer="柳钢集团"),),
            ),
        ]
        + [person(f"e{i}", StaffRole.EXAMINER) for i in range(3)]
        + _support(*SUPPORT)
    )
    result = _staff(people, posts)
    examiners = {a.person_id for a in result.assignments if a.role is StaffRole.EXAMINER}
    assert examiners == {"e0", "e1", "e2"}


def test_nobody_serves_two_rooms_at_once():
    rooms = [room("101"), room("102")]
    sessions = [session(1, rooms=("101", "102"))]
    candidates = [candidate(i, 1) for i in range(40)]
    placements = [Placement(i, 1, "101" if i < 20 else "102", i % 20 + 1) for i in range(40)]
    posts = build_posts(
        sessions=sessions, rooms=rooms, candidates=candidates, placements=placements
    )
    people = [person(f"i{i}", StaffRole.INVIGILATOR) for i in range(3)] + _support(*SUPPORT)
    result = _staff(people, posts)
    assert sum(n for _, _, n in result.shortfalls) == 1
    [problem] = result.problems
    assert "同一时段已安排到其他考场" in problem.message


def test_rotation_prefers_examiners_new_to_the_agency_and_rests_the_regulars():
    _, posts = _skill_world()
    regulars = [
        person(f"r{i}", StaffRole.EXAMINER, served_agency_before=True, consecutive_batches=3)
        for i in range(3)
    ]
    newcomers = [person(f"n{i}", StaffRole.EXAMINER) for i in range(3)]
    result = _staff(regulars + newcomers + _support(*SUPPORT), posts)
    examiners = {a.person_id for a in result.assignments if a.role is StaffRole.EXAMINER}
    assert examiners == {"n0", "n1", "n2"}
    assert result.quality.rotation_penalty == 0
    assert result.quality.new_examiner_pct == 100.0


def test_senior_examiners_may_fill_examiner_seats_but_not_the_reverse():
    rooms = [room("评审室", RoomKind.REVIEW, capacity=10, rows=2, columns=5)]
    sessions = [session(3, rooms=("评审室",))]
    subject = ELECTRICIAN_3_SKILL
    candidates = [candidate(i, 3, subject=subject, kind=RoomKind.REVIEW) for i in range(4)]
    placements = [Placement(i, 3, "评审室", i + 1) for i in range(4)]
    posts = build_posts(
        sessions=sessions, rooms=rooms, candidates=candidates, placements=placements
    )
    people = [person(f"e{i}", StaffRole.EXAMINER) for i in range(5)] + _support(*SUPPORT)
    result = _staff(people, posts)
    assert result.shortfalls == (("3/评审室", StaffRole.SENIOR_EXAMINER, 3),)
    assert "高级考评员" in result.problems[0].message
    assert DAY.isoformat() in {post.id.split("@")[-1] for post in posts}

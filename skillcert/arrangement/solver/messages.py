"""The Chinese sentences of the solver: the rule that cannot be met, where, and the nearest fix.

Each returns a ``Problem`` whose ``code`` the app can filter on and whose message is shown as it
is, e.g. 「南宁考点 第2场 301考场 缺少有效的三级考评员 2 名……」.
"""

from __future__ import annotations

from skillcert.arrangement.solver.model import (
    ROLE_LABELS,
    ROOM_KIND_LABELS,
    Candidate,
    Id,
    Placement,
    Post,
    Problem,
    Room,
    RoomKind,
    SeatingParameters,
    Session,
    StaffRole,
)
from skillcert.core.formats import cn_date

LEVEL_WORDS = {1: "一级", 2: "二级", 3: "三级", 4: "四级", 5: "五级"}


def _who(candidate: Candidate) -> str:
    return f"考生{candidate.name or candidate.id}"


def _when(session: Session) -> str:
    return f"{cn_date(session.start.date())} {session.start:%H:%M}—{session.end:%H:%M}"


def unknown_session(candidate: Candidate, session_id: Id) -> Problem:
    return Problem(
        code="seating.unknown_session",
        message=f"{_who(candidate)}报考的场次（{session_id}）不在本次编排范围内，"
        "请核对其报考科目或先设置该场次。",
        session_id=session_id,
        candidate_id=candidate.id,
    )


def overlapping_sittings(candidate: Candidate, first: Session, second: Session) -> Problem:
    return Problem(
        code="seating.overlap",
        message=f"{_who(candidate)}同时报考了{first.title()}（{_when(first)}）和"
        f"{second.title()}（{_when(second)}），两场时间重叠，后一场未安排座位。"
        "请调整其中一场的时间，或为该考生改报其他场次。",
        session_id=second.id,
        candidate_id=candidate.id,
    )


def pin_dropped(pin: Placement, session: Session | None, room: Room | None, reason: str) -> Problem:
    where = " ".join(x for x in (session.title() if session else "", room.title() if room else ""))
    return Problem(
        code="seating.pin_dropped",
        message=f"考生{pin.candidate_id}在{where or '该场次'}第{pin.seat}座的人工调整无法保留："
        f"{reason}。该考生已重新编排，请复核后再调整。",
        session_id=pin.session_id,
        candidate_id=pin.candidate_id,
        room_id=pin.room_id,
    )


def too_few_seats(
    session: Session, kind: RoomKind, demand: int, supply: int, rooms: int, p: SeatingParameters
) -> Problem:
    label = ROOM_KIND_LABELS[kind]
    spare = f"（已按{p.cbt_spare_pct}%预留备用终端）" if kind is RoomKind.CBT else ""
    detail = f"{rooms}个{label}可用座位{supply}个{spare}" if rooms else f"本场次没有{label}"
    return Problem(
        code="seating.capacity",
        message=f"{session.title()}（{_when(session)}）{label}座位不足：需{demand}个，"
        f"{detail}，缺{demand - supply}个。建议为本场次增加{label}，或将部分考生调至其他场次。",
        session_id=session.id,
    )


def level_word(level: int) -> str:
    return LEVEL_WORDS.get(level, f"{level}级")


def _role_phrase(role: StaffRole, post: Post) -> str:
    label = ROLE_LABELS[role]
    if role in (StaffRole.EXAMINER, StaffRole.SENIOR_EXAMINER) and post.subjects:
        levels = sorted({level for _, level in post.subjects})
        return f"有效的{'、'.join(level_word(v) for v in levels)}{label}"
    return label


def staff_short(
    post: Post, role: StaffRole, missing: int, required: int, funnel: list[tuple[str, int]]
) -> Problem:
    """「南宁考点 第2场 301考场 缺少有效的三级考评员 2 名」, with why, and the fix."""
    steps = "，".join(f"{what}{n}人" for what, n in funnel)
    subjects = "、".join(f"{occ}{level_word(level)}" for occ, level in sorted(post.subjects))
    if role in (StaffRole.EXAMINER, StaffRole.SENIOR_EXAMINER):
        fix = (
            f"增派{missing}名持有覆盖{subjects or '本职业等级'}、"
            f"在{cn_date(post.start.date())}有效证卡的{ROLE_LABELS[role]}"
        )
    else:
        fix = f"增派{missing}名{cn_date(post.start.date())}可到岗的{ROLE_LABELS[role]}"
    return Problem(
        code="staffing.short",
        message=f"{post.title()} 缺少{_role_phrase(role, post)} {missing} 名"
        f"（需{required}名；{steps}）。建议{fix}，或核对回避关系与可到岗日期。",
        post_id=post.id,
    )


def staff_short_overlap(post: Post, role: StaffRole, missing: int) -> Problem:
    return Problem(
        code="staffing.short_at_once",
        message=f"{post.title()} 缺少{_role_phrase(role, post)} {missing} 名："
        "符合条件的人员在同一时段已安排到其他考场。建议增派人员，或错开场次时间。",
        post_id=post.id,
    )

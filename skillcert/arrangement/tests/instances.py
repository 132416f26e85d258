"""Small instances for the solver tests: a site with a few sessions, rooms and people."""

from __future__ import annotations

from datetime import date, datetime

from skillcert.arrangement.solver import (
    Candidate,
    Credential,
    Person,
    Room,
    RoomKind,
    Session,
    Sitting,
    StaffRole,
    SubjectKey,
)

DAY = date(2026, 4, 20)
ELECTRICIAN_3 = SubjectKey("电工", 3, "理论知识")
ELECTRICIAN_3_SKILL = SubjectKey("电工", 3, "操作技能")


def session(number: int, *, hour: int = 9, hours: int = 2, rooms: tuple = (), day=DAY) -> Session:
    return Session(
        id=number,
        start=datetime(day.year, day.month, day.day, hour),
        end=datetime(day.year, day.month, day.day, hour + hours),
        room_ids=rooms,
        site="南宁考点",
        label=f"第{number}场",
    )


def room(room_id: str, kind: RoomKind = RoomKind.THEORY, capacity: int = 30, **kw) -> Room:
    kw.setdefault("rows", 5)
    kw.setdefault("columns", 6)
    return Room(id=room_id, kind=kind, capacity=capacity, name=f"{room_id}考场", **kw)


def candidate(cid, *sessions_: int, subject=ELECTRICIAN_3, kind=RoomKind.THEORY, **kw) -> Candidate:
    return Candidate(id=cid, sittings=tuple(Sitting(s, subject, kind) for s in sessions_), **kw)


def credential(occupation: str = "电工", levels=(3, 4, 5), until=date(2027, 12, 31)) -> Credential:
    return Credential(
        number=f"KP-{occupation}",
        occupations=frozenset({occupation}),
        levels=frozenset(levels),
        valid_from=date(2024, 1, 1),
        valid_to=until,
    )


def person(pid, *roles: StaffRole, days=(DAY,), credentials=None, **kw) -> Person:
    if credentials is None:
        examining = {StaffRole.EXAMINER, StaffRole.SENIOR_EXAMINER} & set(roles)
        credentials = (credential(),) if examining else ()
    return Person(
        id=pid,
        roles=frozenset(roles),
        available_days=frozenset(days),
        credentials=tuple(credentials),
        name=f"人员{pid}",
        **kw,
    )

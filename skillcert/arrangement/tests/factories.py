"""Factories for the arrangement's tests: a batch past its data report with a theory session in
two rooms, approved applications, and a staff registry that can fill every post."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from skillcert.arrangement.models import StaffMember
from skillcert.arrangement.services import staff
from skillcert.batches.models import Batch, BatchLevel, BatchState, Room, Session
from skillcert.batches.tests import factories as f
from skillcert.registration.models import Application
from skillcert.registration.tests.factories import REPORT_FIRST_EXAM_DAY, application

# D is Wednesday 10 June 2026: the arrangement deadline (认定前5个工作日) is Wednesday 3 June.
FIRST_EXAM_DAY = REPORT_FIRST_EXAM_DAY
DEADLINE = date(2026, 6, 3)
BEFORE = date(2026, 6, 1)
LATE = date(2026, 6, 5)

NAMES = ["韦小敏", "黄志明", "欧阳娜娜", "李强", "陈芳", "刘洋", "蒙丽", "覃伟"]


@dataclass
class World:
    batch: Batch
    level: BatchLevel
    session: Session
    rooms: list[Room]
    applications: list[Application]
    staff: list[StaffMember]


def member(actor, agency, name: str, roles: list[str], *, employer: str = "", day=FIRST_EXAM_DAY):
    m = staff.create_staff_member(
        actor=actor, agency=agency, name=name, roles=roles, employer=employer
    )
    staff.set_availability(actor=actor, member=m, days=[day])
    return m


def reported_batch(agency, *, actor, candidates: int = 5, capacity: int = 4) -> World:
    """A batch in 考生数据已上报 with one theory session (机考, as the catalogue factory makes it)
    over two CBT rooms of ``capacity`` terminals, a share of which is kept spare."""
    batch = f.batch(agency, created_by=actor, first=FIRST_EXAM_DAY, state=BatchState.REPORTED)
    level = f.batch_level(batch, f.standard_level(4))
    site = f.site(agency, name="南宁考点")
    rooms = [
        f.room(
            site,
            capacity=capacity,
            cbt_terminals=capacity,
            seat_rows=2,
            seat_columns=2,
            name=f"{n}号考场",
        )
        for n in (1, 2)
    ]
    session = f.session(level, site_=site, rooms=rooms)
    apps = [
        application(level, created_by=actor, name=NAMES[i % len(NAMES)]) for i in range(candidates)
    ]
    people = [member(actor, agency, f"监考{i}", ["invigilator"]) for i in range(5)]
    people += [member(actor, agency, f"技术员{i}", ["technician"]) for i in range(2)]
    people.append(member(actor, agency, "督导甲", ["internal_supervisor"]))
    people.append(member(actor, agency, "考务负责人甲", ["exam_affairs_lead"]))
    return World(batch, level, session, rooms, apps, people)

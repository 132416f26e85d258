"""Demo data for batches: a site with theory, skill and review rooms for the 南宁 agency, and
batches in several states — draft, announced, planned with a pending change request, one with its
exam plan due within two working days, and one sealed with its checklists complete.

Dates come from the holiday table, counted from a reference day: today when every date the demo
needs (from 14 working days before it to the last batch's D) is in a year with calendar data;
otherwise a day in the last year that has data (never a guessed year). ``load_batches_demo``
returns lines saying which dates were used. Idempotent: batches are found by code, and each step
is done only when it is missing. Everything goes through the services, so every rule is checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone

from skillcert.batches import selectors
from skillcert.batches.models import (
    Batch,
    BatchState,
    Room,
    RoomType,
    Site,
)
from skillcert.batches.services import batches as planning
from skillcert.batches.services import changes, readiness, sessions, sites, transitions
from skillcert.catalog.models import StandardLevel, SubjectKind
from skillcert.core.accounts.models import User
from skillcert.core.calendar import CalendarUnavailable, work_calendar
from skillcert.core.calendar.models import CalendarYear
from skillcert.core.calendar.workdays import WorkCalendar
from skillcert.core.formats import cn_date
from skillcert.core.orgs.models import Agency

SITE_NAME = "青秀实训基地考点"
ROOMS = [
    # name, type, capacity, rows, columns, CBT terminals, equipment
    ("理论考场101", RoomType.THEORY, 30, 6, 5, 33, "机考终端33台（含10%备用）、监控摄像头2个"),
    ("理论考场102", RoomType.THEORY, 30, 6, 5, 33, "机考终端33台（含10%备用）、监控摄像头2个"),
    ("技能实训室201", RoomType.SKILL, 15, 3, 5, 0, "电工实训台15个、万用表、兆欧表"),
    ("综合评审室301", RoomType.REVIEW, 10, 2, 5, 0, "答辩桌椅、录音录像设备"),
]


@dataclass
class DemoBatches:
    reference_day: date
    batches: dict[str, Batch] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


# Working days from the reference day to each demo batch's D. They are as short as the states
# allow (the plan of "at_risk" falls due in 2 working days: D − 10; "planned" published its plan
# today: D − 10 ≥ today), so that late in a year the batches still fit before its end.
OFFSETS = {"sealed": 2, "at_risk": 12, "planned": 13, "announced": 14, "draft": 16}


def _reference_day(calendar: WorkCalendar, today: date) -> date:
    """Today if every demo batch's D and pre-exam deadlines are computable from it; else the
    first working day of June in the last year with national and Guangxi data (so that the
    window stays inside that year). Post-exam steps may fall into a year without data: the
    timeline shows them as waiting for that year's notice."""
    try:
        calendar.working_days_before(today, 14)
        calendar.working_days_after(today, max(OFFSETS.values()) + 1)
        return today
    except CalendarUnavailable:
        years = set(CalendarYear.objects.filter(complete=True).values_list("year", flat=True))
        last = max(y for y in years if y <= today.year)
        return calendar.working_days_after(date(last, 5, 31), 1)


def _site(actor: User, agency: Agency) -> tuple[Site, dict[str, Room]]:
    site = Site.objects.filter(agency=agency, name=SITE_NAME).first()
    if site is None:
        site = sites.create_site(
            actor=actor, agency=agency, name=SITE_NAME,
            address="南宁市青秀区民族大道136号职业技能实训楼", contact_name="莫少伟",
            contact_phone="0771-5861235",
        )  # fmt: skip
    rooms = {}
    for name, kind, capacity, rows, columns, terminals, equipment in ROOMS:
        room = site.rooms.filter(name=name).first() or sites.create_room(
            actor=actor, site=site, name=name, room_type=kind, capacity=capacity,
            seat_rows=rows, seat_columns=columns, cbt_terminals=terminals, equipment=equipment,
        )  # fmt: skip
        rooms[name] = room
    return site, rooms


def _batch(actor: User, agency: Agency, code: str, name: str, first: date) -> tuple[Batch, bool]:
    found = Batch.objects.filter(agency=agency, code=code).first()
    if found is not None:
        return found, False
    batch = planning.create_batch(
        actor=actor, agency=agency, code=code, name=name, first_exam_day=first, last_exam_day=first
    )
    return batch, True


def _end(start: datetime, minutes: int) -> datetime:
    return start + timedelta(minutes=minutes)


def _plan(actor: User, batch: Batch, level: StandardLevel, site: Site, rooms: dict[str, Room]):
    """One level with a theory session in the morning and a skill session in the afternoon,
    each as long as the standard's minimum duration."""
    bl = planning.add_batch_level(
        actor=actor, batch=batch, standard=level.standard, level=level.level,
        expected_candidates=25,
    )  # fmt: skip
    day = batch.first_exam_day
    for kind, start, room_names, expected in (
        (SubjectKind.THEORY, datetime(2000, 1, 1, 9, 0), ["理论考场101"], 25),
        (SubjectKind.SKILL, datetime(2000, 1, 1, 14, 0), ["技能实训室201"], 15),
    ):
        subject = level.subjects.filter(kind=kind).first()
        if subject is None:
            continue
        slot = sessions.SessionSlot(
            day, start.time(), _end(start, subject.min_duration_minutes).time(), site,
            [rooms[n] for n in room_names],
        )  # fmt: skip
        sessions.add_session(
            actor=actor, batch=batch, batch_level=bl, subject=subject, slot=slot,
            expected_candidates=expected,
        )  # fmt: skip


def load_batches_demo(*, lead: User, agency: Agency, levels: list[StandardLevel]) -> DemoBatches:
    """Create the demo batches of ``agency`` as its exam-affairs lead, each with one of
    ``levels`` (standard levels in the agency's scope) and its sessions."""
    calendar = work_calendar()
    ref = _reference_day(calendar, timezone.localdate())
    result = DemoBatches(reference_day=ref)
    site, rooms = _site(lead, agency)
    after = calendar.working_days_after
    year = ref.year
    specs = [
        ("sealed", f"DEMO-{year}-01", "演示批次（已封场）"),
        ("at_risk", f"DEMO-{year}-02", "演示批次（考试计划即将到期）"),
        ("planned", f"DEMO-{year}-03", "演示批次（已发布计划，变更待批）"),
        ("announced", f"DEMO-{year}-04", "演示批次（已公告）"),
        ("draft", f"DEMO-{year}-05", "演示批次（草稿）"),
    ]
    created = {}
    for i, (key, code, name) in enumerate(specs):
        batch, new = _batch(lead, agency, code, name, after(ref, OFFSETS[key]))
        if new and levels:
            _plan(lead, batch, levels[i % len(levels)], site, rooms)
        result.batches[key], created[key] = batch, new
    result.notes.append(
        f"演示批次的日期按参考日{cn_date(ref)}"
        + ("（今天）" if ref == timezone.localdate() else "（今天之后的日期所在年份尚无工作日历）")
        + "计算："
        + "；".join(f"{b.code} 认定日{cn_date(b.first_exam_day)}" for b in result.batches.values())
    )
    return result


def finish_batches_demo(*, lead: User, demo: DemoBatches) -> None:
    """After the announcement and exam plans (announcements demo): the later states."""
    ref = demo.reference_day
    planned = demo.batches["planned"]
    planned.refresh_from_db()
    session = planned.sessions.order_by("start_time").first()
    if (
        planned.state == BatchState.PLANNED
        and session is not None
        and not planned.change_requests.exists()
    ):
        other = (
            session.rooms.first()
            .site.rooms.filter(room_type=session.rooms.first().room_type, is_active=True)
            .exclude(pk__in=session.rooms.all())
        )
        slot = sessions.SessionSlot(
            session.date, session.start_time, session.end_time, session.site,
            list(other[:1]) or list(session.rooms.all()),
        )  # fmt: skip
        changes.request_session_change(
            actor=lead, session=session, slot=slot,
            reason="理论考场101机考网络线路改造，改用理论考场102。", today=ref,
        )  # fmt: skip
    sealed = demo.batches["sealed"]
    sealed.refresh_from_db()
    for to in (BatchState.REPORTED, BatchState.ARRANGED):
        if (
            sealed.state in (BatchState.PLANNED, BatchState.REPORTED)
            and to.value in (transitions.TRANSITIONS[sealed.state])
        ):
            sealed = transitions.transition_batch(actor=lead, batch=sealed, to=to)
    if sealed.state == BatchState.ARRANGED:
        for entry in selectors.readiness_of(sealed):
            for row in entry.items:
                if row.tick is None:
                    readiness.tick_item(actor=lead, batch=sealed, item=row.item, site=entry.site)
            for room_entry in entry.rooms:
                for row in room_entry.items:
                    if row.tick is None:
                        readiness.tick_item(
                            actor=lead, batch=sealed, item=row.item, room=room_entry.room,
                            note="已检查，符合要求",
                        )  # fmt: skip
                if room_entry.seal is None:
                    readiness.seal_room(actor=lead, batch=sealed, room=room_entry.room, on=ref)
        transitions.transition_batch(actor=lead, batch=sealed, to=BatchState.SEALED)

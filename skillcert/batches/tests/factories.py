"""Factories for batches' tests: sites, rooms, batches and sessions; the catalogue rows a batch
needs (``standard_level``, ``scope``) come from catalog's factories and are re-exported here."""

from __future__ import annotations

import itertools
from datetime import date, time

from skillcert.batches.models import Batch, BatchLevel, Room, RoomType, Session, Site
from skillcert.catalog.models import StandardLevel, Subject, SubjectKind
from skillcert.catalog.tests.factories import scope, standard_level
from skillcert.core.orgs.models import Agency
from skillcert.core.rules import current_rule_set

__all__ = ["batch", "batch_level", "room", "scope", "session", "site", "standard_level"]

_seq = itertools.count(1)


def site(agency: Agency, **fields) -> Site:
    n = next(_seq)
    fields.setdefault("name", f"第{n}考点")
    fields.setdefault("address", f"南宁市青秀区民族大道{n}号")
    return Site.objects.create(agency=agency, **fields)


def room(site_: Site, *, room_type: str = RoomType.THEORY, capacity: int = 30, **fields) -> Room:
    n = next(_seq)
    fields.setdefault("name", f"{n}号考场")
    fields.setdefault("seat_rows", 6)
    fields.setdefault("seat_columns", 5)
    return Room.objects.create(site=site_, room_type=room_type, capacity=capacity, **fields)


def batch(agency: Agency, *, created_by, first: date, last: date | None = None, **fields) -> Batch:
    n = next(_seq)
    fields.setdefault("code", f"PC{n:04d}")
    fields.setdefault("name", f"示例认定批次{n}")
    return Batch.objects.create(
        agency=agency,
        first_exam_day=first,
        last_exam_day=last or first,
        created_by=created_by,
        rule_set=current_rule_set(),
        **fields,
    )


def batch_level(b: Batch, sl: StandardLevel | None = None, expected: int = 30) -> BatchLevel:
    return BatchLevel.objects.create(
        batch=b, standard_level=sl or standard_level(), expected_candidates=expected
    )


def session(
    bl: BatchLevel,
    *,
    site_: Site,
    rooms: list[Room],
    kind: str = SubjectKind.THEORY,
    on: date | None = None,
    start: time = time(9, 0),
    end: time = time(10, 30),
    expected: int = 20,
) -> Session:
    s = Session.objects.create(
        batch=bl.batch,
        batch_level=bl,
        subject=Subject.objects.get(standard_level=bl.standard_level, kind=kind),
        date=on or bl.batch.first_exam_day,
        start_time=start,
        end_time=end,
        site=site_,
        expected_candidates=expected,
    )
    s.rooms.set(rooms)
    return s

"""Sites, rooms, batches, levels and sessions: the bad inputs change nothing and say why."""

from __future__ import annotations

from datetime import date, time

import pytest

from skillcert.batches.errors import InvalidInput
from skillcert.batches.models import Batch, BatchLevel, Room, RoomType, Session
from skillcert.batches.services import batches as planning
from skillcert.batches.services import sessions, sites
from skillcert.batches.tests import factories as f
from skillcert.catalog.errors import OutOfScope
from skillcert.catalog.models import SubjectKind
from skillcert.core.calendar import CalendarUnavailable
from skillcert.core.errors import PermissionDenied

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(agency):
    return f.site(agency)


# --- rooms --------------------------------------------------------------------------------


def test_room_capacity_zero_refused_beside_the_field(exam_affairs_staff, site):
    with pytest.raises(InvalidInput) as exc:
        sites.create_room(
            actor=exam_affairs_staff, site=site, name="101", room_type=RoomType.THEORY, capacity=0
        )
    assert exc.value.field == "capacity"
    assert "容量须至少为1人" in exc.value.message
    assert not Room.objects.exists()


def test_seat_layout_must_hold_the_capacity(exam_affairs_staff, site):
    with pytest.raises(InvalidInput) as exc:
        sites.create_room(
            actor=exam_affairs_staff, site=site, name="101", room_type=RoomType.THEORY,
            capacity=30, seat_rows=5, seat_columns=5,
        )  # fmt: skip
    assert "5行×5列只有25个座位" in exc.value.message
    room = sites.create_room(
        actor=exam_affairs_staff, site=site, name="101", room_type=RoomType.THEORY,
        capacity=30, seat_rows=6, seat_columns=5, cbt_terminals=33, equipment="投影仪",
    )  # fmt: skip
    assert room.cbt_terminals == 33


def test_examiner_cannot_edit_rooms(examiner, site):
    with pytest.raises(PermissionDenied):
        sites.create_room(
            actor=examiner, site=site, name="101", room_type=RoomType.THEORY, capacity=30
        )


def test_deactivating_a_site_deactivates_its_rooms(agency_admin, site):
    f.room(site)
    sites.deactivate_site(actor=agency_admin, site=site)
    assert not site.rooms.filter(is_active=True).exists()


def test_room_capacity_zero_shown_beside_the_field_on_the_page(client, exam_affairs_staff, site):
    client.force_login(exam_affairs_staff)
    from django.urls import reverse

    response = client.post(
        reverse("batches:room_create", args=[site.pk]),
        {"name": "一号考场", "room_type": "theory", "capacity": "0"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_capacity_error"' in page and "容量须至少为1人" in page
    assert 'value="一号考场"' in page  # input kept
    assert not Room.objects.exists()


# --- batches ------------------------------------------------------------------------------


def test_create_batch_pins_rule_set_and_refuses_duplicate_code(exam_affairs_lead, agency):
    b = planning.create_batch(
        actor=exam_affairs_lead, agency=agency, code="2026-06", name="六月批次",
        first_exam_day=date(2026, 6, 10), last_exam_day=date(2026, 6, 11),
    )  # fmt: skip
    assert b.rule_set.version == 1
    with pytest.raises(InvalidInput) as exc:
        planning.create_batch(
            actor=exam_affairs_lead, agency=agency, code="2026-06", name="重复",
            first_exam_day=date(2026, 7, 10), last_exam_day=date(2026, 7, 10),
        )  # fmt: skip
    assert exc.value.field == "code"
    assert Batch.objects.count() == 1


def test_create_batch_in_a_year_without_calendar_names_the_year(exam_affairs_lead, agency):
    with pytest.raises(CalendarUnavailable) as exc:
        planning.create_batch(
            actor=exam_affairs_lead, agency=agency, code="2027-03", name="明年",
            first_exam_day=date(2027, 3, 10), last_exam_day=date(2027, 3, 10),
        )  # fmt: skip
    assert "2027年" in exc.value.message
    assert not Batch.objects.exists()


@pytest.fixture
def draft(agency, exam_affairs_lead):
    return f.batch(
        agency, created_by=exam_affairs_lead, first=date(2026, 6, 10), last=date(2026, 6, 11)
    )


def test_level_the_standard_does_not_offer_is_refused(
    draft, exam_affairs_lead, provincial_supervisor
):
    sl = f.standard_level(4)
    f.scope(draft.agency, sl, granted_by=provincial_supervisor)
    with pytest.raises(InvalidInput) as exc:
        planning.add_batch_level(
            actor=exam_affairs_lead, batch=draft, standard=sl.standard, level=2
        )
    assert "未设二级" in exc.value.message
    assert "该标准设有：四级" in exc.value.message
    assert not BatchLevel.objects.exists()


def test_level_outside_the_agencys_scope_is_refused(draft, exam_affairs_lead):
    sl = f.standard_level(4)
    with pytest.raises(OutOfScope) as exc:
        planning.add_batch_level(
            actor=exam_affairs_lead, batch=draft, standard=sl.standard, level=4
        )
    assert "未备案" in exc.value.message
    assert not BatchLevel.objects.exists()


def test_level_in_scope_is_added(draft, exam_affairs_lead, provincial_supervisor):
    sl = f.standard_level(4)
    f.scope(draft.agency, sl, granted_by=provincial_supervisor)
    bl = planning.add_batch_level(
        actor=exam_affairs_lead, batch=draft, standard=sl.standard, level=4, expected_candidates=40
    )
    assert bl.standard_level == sl


# --- sessions -----------------------------------------------------------------------------


@pytest.fixture
def planned(draft):
    bl = f.batch_level(draft)
    return draft, bl


SLOT_FIELDS = ("date", "start_time", "end_time", "site", "rooms")


def _add(actor, batch, bl, site, rooms, **kw):
    values = dict(
        date=batch.first_exam_day, start_time=time(9, 0), end_time=time(10, 30), site=site,
        rooms=rooms, expected_candidates=20,
        subject=bl.standard_level.subjects.get(kind=SubjectKind.THEORY),
    )  # fmt: skip
    values.update(kw)
    slot = sessions.SessionSlot(**{k: values.pop(k) for k in SLOT_FIELDS})
    return sessions.add_session(actor=actor, batch=batch, batch_level=bl, slot=slot, **values)


def test_session_added(planned, exam_affairs_staff, site):
    batch, bl = planned
    s = _add(exam_affairs_staff, batch, bl, site, [f.room(site)])
    assert s.rooms.count() == 1


def test_overlapping_sessions_in_one_room_refused_naming_the_other(
    planned, exam_affairs_staff, site
):
    batch, bl = planned
    room = f.room(site, name="301")
    _add(exam_affairs_staff, batch, bl, site, [room])
    with pytest.raises(InvalidInput) as exc:
        _add(exam_affairs_staff, batch, bl, site, [room], start_time=time(10, 0),
             end_time=time(11, 30))  # fmt: skip
    assert exc.value.field == "rooms"
    assert "“301”" in exc.value.message and "09:00–10:30" in exc.value.message
    assert batch.code in exc.value.message
    assert Session.objects.count() == 1
    # Back to back is not an overlap.
    _add(exam_affairs_staff, batch, bl, site, [room], start_time=time(10, 30),
         end_time=time(12, 0))  # fmt: skip


def test_session_outside_the_batch_days_refused(planned, exam_affairs_staff, site):
    batch, bl = planned
    with pytest.raises(InvalidInput) as exc:
        _add(exam_affairs_staff, batch, bl, site, [f.room(site)], date=date(2026, 6, 12))
    assert exc.value.field == "date"
    assert "2026年6月12日不在本批次的认定日期内" in exc.value.message
    assert not Session.objects.exists()


def test_subject_of_a_level_the_batch_lacks_refused(planned, exam_affairs_staff, site):
    batch, bl = planned
    other = f.standard_level(3)
    with pytest.raises(InvalidInput) as exc:
        _add(exam_affairs_staff, batch, bl, site, [f.room(site)],
             subject=other.subjects.get(kind=SubjectKind.THEORY))  # fmt: skip
    assert exc.value.field == "subject"
    assert not Session.objects.exists()


def test_session_shorter_than_the_standard_refused(planned, exam_affairs_staff, site):
    batch, bl = planned
    with pytest.raises(InvalidInput) as exc:
        _add(exam_affairs_staff, batch, bl, site, [f.room(site)], end_time=time(10, 0))
    assert "不得少于90分钟" in exc.value.message


def test_end_before_start_refused(planned, exam_affairs_staff, site):
    batch, bl = planned
    with pytest.raises(InvalidInput) as exc:
        _add(exam_affairs_staff, batch, bl, site, [f.room(site)], end_time=time(8, 0))
    assert exc.value.field == "end_time"


def test_room_of_the_wrong_type_refused(planned, exam_affairs_staff, site):
    batch, bl = planned
    with pytest.raises(InvalidInput) as exc:
        _add(exam_affairs_staff, batch, bl, site, [f.room(site, room_type=RoomType.SKILL)])
    assert "技能考场" in exc.value.message


def test_more_candidates_than_room_capacity_refused(planned, exam_affairs_staff, site):
    batch, bl = planned
    with pytest.raises(InvalidInput) as exc:
        _add(exam_affairs_staff, batch, bl, site, [f.room(site, capacity=30)],
             expected_candidates=31)  # fmt: skip
    assert "总容量30人" in exc.value.message


def test_announced_batch_sessions_change_only_by_request(planned, exam_affairs_staff, site):
    batch, bl = planned
    s = _add(exam_affairs_staff, batch, bl, site, [f.room(site)])
    batch.state = "announced"
    batch.save()
    with pytest.raises(InvalidInput) as exc:
        sessions.update_session(
            actor=exam_affairs_staff, session=s, expected_candidates=20,
            slot=sessions.SessionSlot(s.date, time(14, 0), time(15, 30), site, s.rooms.all()),
        )  # fmt: skip
    assert "细则第十条" in exc.value.message
    s.refresh_from_db()
    assert s.start_time == time(9, 0)


def test_session_overlap_shown_beside_rooms_on_the_page(client, planned, exam_affairs_staff, site):
    from django.urls import reverse

    batch, bl = planned
    room = f.room(site, name="302")
    _add(exam_affairs_staff, batch, bl, site, [room])
    client.force_login(exam_affairs_staff)
    subject = bl.standard_level.subjects.get(kind=SubjectKind.THEORY)
    response = client.post(
        reverse("batches:session_add", args=[batch.pk]),
        {
            "subject": subject.pk, "date": "2026-06-10", "start_time": "09:30",
            "end_time": "11:00", "site": site.pk, "rooms": [room.pk], "expected_candidates": 10,
        },
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_rooms_error"' in page and "时间重叠" in page
    assert Session.objects.count() == 1

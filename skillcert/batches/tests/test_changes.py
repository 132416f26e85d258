"""Changes of time or place (细则第十条): before D only, decided by the right supervisor."""

from __future__ import annotations

from datetime import date, time

import pytest

from skillcert.batches.errors import ChangeRequestError, InvalidInput
from skillcert.batches.models import ChangeState
from skillcert.batches.services import changes
from skillcert.batches.services.sessions import SessionSlot
from skillcert.batches.tests import factories as f
from skillcert.core.accounts.models import Role
from skillcert.core.accounts.tests.factories import user_with_role
from skillcert.core.audit.models import AuditEvent
from skillcert.core.errors import NotFound, PermissionDenied
from skillcert.core.notifications.models import Notification
from skillcert.core.orgs.tests.factories import city_centre

pytestmark = pytest.mark.django_db
BEFORE_D = date(2026, 6, 1)


@pytest.fixture
def world(agency, exam_affairs_lead):
    batch = f.batch(
        agency, created_by=exam_affairs_lead, first=date(2026, 6, 10), last=date(2026, 6, 11),
        state="planned",
    )  # fmt: skip
    site = f.site(agency)
    room_a, room_b = f.room(site, name="A101"), f.room(site, name="B202")
    session = f.session(f.batch_level(batch), site_=site, rooms=[room_a])
    return batch, site, room_a, room_b, session


def _request(actor, session, site, rooms, **kw):
    values = dict(
        date=date(2026, 6, 11), start_time=time(14, 0), end_time=time(15, 30), site=site,
        rooms=rooms, reason="原考场停电检修", today=BEFORE_D,
    )  # fmt: skip
    values.update(kw)
    slot = SessionSlot(
        **{k: values.pop(k) for k in ("date", "start_time", "end_time", "site", "rooms")}
    )
    return changes.request_session_change(actor=actor, session=session, slot=slot, **values)


def test_approve_applies_keeps_history_and_notifies(
    world, exam_affairs_lead, exam_affairs_staff, agency_head, examiner, city_supervisor
):
    _batch, site, _room_a, room_b, session = world
    change = _request(exam_affairs_staff, session, site, [room_b])
    session.refresh_from_db()
    assert session.date == date(2026, 6, 10)  # nothing moves before approval
    changes.approve_change(actor=city_supervisor, change=change, note="同意", today=BEFORE_D)
    session.refresh_from_db()
    assert (session.date, session.start_time) == (date(2026, 6, 11), time(14, 0))
    assert list(session.rooms.all()) == [room_b]
    change.refresh_from_db()
    assert change.state == ChangeState.APPROVED
    assert change.before["rooms"] == ["A101"] and change.before["start_time"] == "09:00"
    asked = set(
        Notification.objects.filter(title__startswith="考务变更申请待审批").values_list(
            "user_id", flat=True
        )
    )
    assert asked == {city_supervisor.pk}
    applied = Notification.objects.filter(title__startswith="考务变更：")
    told = set(applied.values_list("user_id", flat=True))
    assert told == {exam_affairs_lead.pk, exam_affairs_staff.pk, agency_head.pk}
    body = applied.first().body
    assert "A101" in body and "B202" in body and "原考场停电检修" in body
    assert AuditEvent.objects.filter(action="batch.change_approve").exists()


def test_request_on_or_after_d_refused(world, exam_affairs_staff):
    _batch, site, _room_a, room_b, session = world
    with pytest.raises(ChangeRequestError) as exc:
        _request(exam_affairs_staff, session, site, [room_b], today=date(2026, 6, 10))
    assert "细则第十条" in exc.value.message and "2026年6月10日" in exc.value.message
    assert not session.change_requests.exists()


def test_request_needs_a_reason_and_passes_session_checks(world, exam_affairs_staff):
    _batch, site, _room_a, room_b, session = world
    with pytest.raises(InvalidInput):
        _request(exam_affairs_staff, session, site, [room_b], reason="  ")
    with pytest.raises(InvalidInput) as exc:
        _request(exam_affairs_staff, session, site, [room_b], date=date(2026, 6, 20))
    assert exc.value.field == "date"
    assert not session.change_requests.exists()


def test_reject_needs_a_note(world, exam_affairs_staff, city_supervisor):
    _batch, site, _room_a, room_b, session = world
    change = _request(exam_affairs_staff, session, site, [room_b])
    with pytest.raises(InvalidInput):
        changes.reject_change(actor=city_supervisor, change=change, note="")
    change.refresh_from_db()
    assert change.state == ChangeState.PENDING
    changes.reject_change(actor=city_supervisor, change=change, note="理由不充分")
    change.refresh_from_db()
    assert change.state == ChangeState.REJECTED
    session.refresh_from_db()
    assert session.date == date(2026, 6, 10)


def test_only_the_right_supervisor_decides(world, exam_affairs_staff, exam_affairs_lead):
    _batch, site, _room_a, room_b, session = world
    change = _request(exam_affairs_staff, session, site, [room_b])
    liuzhou = user_with_role(Role.CITY_SUPERVISOR, centre=city_centre("柳州"))
    with pytest.raises(NotFound):
        changes.approve_change(actor=liuzhou, change=change, today=BEFORE_D)
    with pytest.raises(PermissionDenied):
        changes.approve_change(actor=exam_affairs_lead, change=change, today=BEFORE_D)
    change.refresh_from_db()
    assert change.state == ChangeState.PENDING


def test_province_may_decide_and_a_decided_change_is_final(
    world, exam_affairs_staff, provincial_supervisor
):
    _batch, site, _room_a, room_b, session = world
    change = _request(exam_affairs_staff, session, site, [room_b])
    changes.approve_change(actor=provincial_supervisor, change=change, today=BEFORE_D)
    with pytest.raises(ChangeRequestError):
        changes.reject_change(actor=provincial_supervisor, change=change, note="改主意")


def test_withdraw(world, exam_affairs_staff):
    _batch, site, _room_a, room_b, session = world
    change = _request(exam_affairs_staff, session, site, [room_b])
    changes.withdraw_change(actor=exam_affairs_staff, change=change)
    change.refresh_from_db()
    assert change.state == ChangeState.WITHDRAWN


def test_supervisor_queue_is_scoped_by_region(client, world, exam_affairs_staff, city_supervisor):
    from django.urls import reverse

    batch, site, _room_a, room_b, session = world
    _request(exam_affairs_staff, session, site, [room_b])
    client.force_login(city_supervisor)
    assert batch.code in client.get(reverse("batches:change_queue")).content.decode()
    liuzhou = user_with_role(Role.CITY_SUPERVISOR, centre=city_centre("柳州"))
    client.force_login(liuzhou)
    assert batch.code not in client.get(reverse("batches:change_queue")).content.decode()

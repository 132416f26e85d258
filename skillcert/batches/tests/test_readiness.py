"""Readiness checklists (细则第八条) and sealing (细则第九条)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from skillcert.batches.deadlines import DeadlineMissed, Step, step_done_at
from skillcert.batches.errors import InvalidInput, ReadinessError
from skillcert.batches.models import BatchState, ChecklistItem, RoomSeal
from skillcert.batches.services import readiness
from skillcert.batches.services.transitions import transition_batch
from skillcert.batches.tests import factories as f
from skillcert.core.audit.models import AuditEvent
from skillcert.core.errors import PermissionDenied

pytestmark = pytest.mark.django_db
# D = 2026-06-10 (Wed); the sealing deadline is 2026-06-09.
ON_TIME = date(2026, 6, 9)


@pytest.fixture
def world(agency, exam_affairs_lead):
    batch = f.batch(agency, created_by=exam_affairs_lead, first=date(2026, 6, 10), state="arranged")
    site = f.site(agency)
    room = f.room(site)
    f.session(f.batch_level(batch), site_=site, rooms=[room])
    return batch, site, room


def _tick_all(actor, batch, site, room):
    for item in ChecklistItem.objects.filter(scope="site"):
        readiness.tick_item(actor=actor, batch=batch, item=item, site=site)
    for item in ChecklistItem.objects.filter(scope="room", room_type=room.room_type):
        readiness.tick_item(actor=actor, batch=batch, item=item, room=room, note="已检查")


def test_seeded_items_follow_articles_8_and_9():
    site_items = set(ChecklistItem.objects.filter(scope="site").values_list("label", flat=True))
    assert {"考务办公室", "保密室", "医务室"} <= site_items
    assert ChecklistItem.objects.filter(room_type="skill").count() == 5
    assert ChecklistItem.objects.filter(room_type="review").count() == 1


def test_incomplete_checklist_refused_naming_what_is_missing(world, exam_affairs_lead):
    batch, _site, room = world
    with pytest.raises(ReadinessError) as exc:
        readiness.seal_room(actor=exam_affairs_lead, batch=batch, room=room, on=ON_TIME)
    assert "考务办公室" in exc.value.message and "考场时间表" in exc.value.message
    assert not RoomSeal.objects.exists()


def test_seal_when_complete_completes_the_step_and_allows_sealed_state(world, exam_affairs_lead):
    batch, site, room = world
    _tick_all(exam_affairs_lead, batch, site, room)
    assert step_done_at(batch, Step.SEALING) is None
    seal = readiness.seal_room(actor=exam_affairs_lead, batch=batch, room=room, on=ON_TIME)
    assert step_done_at(batch, Step.SEALING) == seal.sealed_at
    transition_batch(actor=exam_affairs_lead, batch=batch, to=BatchState.SEALED)
    batch.refresh_from_db()
    assert batch.state == BatchState.SEALED


def test_sealing_after_the_deadline_refused(world, exam_affairs_lead):
    batch, site, room = world
    _tick_all(exam_affairs_lead, batch, site, room)
    with pytest.raises(DeadlineMissed) as exc:
        readiness.seal_room(actor=exam_affairs_lead, batch=batch, room=room, on=date(2026, 6, 10))
    assert "2026年6月9日" in exc.value.message and "细则第九条" in exc.value.message
    assert not RoomSeal.objects.exists()


def test_only_the_lead_seals(world, exam_affairs_lead, exam_affairs_staff):
    batch, site, room = world
    _tick_all(exam_affairs_lead, batch, site, room)
    with pytest.raises(PermissionDenied):
        readiness.seal_room(actor=exam_affairs_staff, batch=batch, room=room, on=ON_TIME)


def test_sealed_room_items_stay_until_unsealed_with_a_reason(world, exam_affairs_lead):
    batch, site, room = world
    _tick_all(exam_affairs_lead, batch, site, room)
    readiness.seal_room(actor=exam_affairs_lead, batch=batch, room=room, on=ON_TIME)
    tick = batch.readiness_ticks.filter(room=room).first()
    with pytest.raises(ReadinessError):
        readiness.untick_item(actor=exam_affairs_lead, tick=tick)
    site_tick = batch.readiness_ticks.filter(room__isnull=True).first()
    with pytest.raises(ReadinessError):
        readiness.untick_item(actor=exam_affairs_lead, tick=site_tick)
    with pytest.raises(InvalidInput):
        readiness.unseal_room(actor=exam_affairs_lead, batch=batch, room=room, reason="")
    readiness.unseal_room(actor=exam_affairs_lead, batch=batch, room=room, reason="发现座位不足")
    seal = RoomSeal.objects.get()
    assert seal.unseal_reason == "发现座位不足" and seal.unsealed_by == exam_affairs_lead
    assert AuditEvent.objects.filter(action="batch.room_unseal").exists()
    assert step_done_at(batch, Step.SEALING) is None
    readiness.untick_item(actor=exam_affairs_lead, tick=tick)
    assert not batch.readiness_ticks.filter(pk=tick.pk).exists()


def test_photo_type_and_size_checked(world, exam_affairs_staff):
    batch, site, _room = world
    item = ChecklistItem.objects.filter(scope="site").first()
    fake = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    with pytest.raises(InvalidInput) as exc:
        readiness.tick_item(actor=exam_affairs_staff, batch=batch, item=item, site=site, photo=fake)
    assert "JPEG 或 PNG" in exc.value.message
    big = SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\n" + b"0" * (5 * 1024 * 1024))
    with pytest.raises(InvalidInput) as exc:
        readiness.tick_item(actor=exam_affairs_staff, batch=batch, item=item, site=site, photo=big)
    assert "5 MB" in exc.value.message
    assert not batch.readiness_ticks.exists()


def test_readiness_page_shows_items_and_who_ticked(
    client, world, exam_affairs_lead, settings, tmp_path
):
    from django.urls import reverse

    settings.MEDIA_ROOT = tmp_path
    batch, site, _room = world
    item = ChecklistItem.objects.get(key="site-office")
    client.force_login(exam_affairs_lead)
    png = SimpleUploadedFile("p.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, content_type="image/png")
    response = client.post(
        reverse("batches:readiness_tick", args=[batch.pk]),
        {"item": item.pk, "site": site.pk, "note": "已布置", "photo": png},
    )
    assert response.status_code == 302
    page = client.get(reverse("batches:readiness", args=[batch.pk])).content.decode()
    assert "考务办公室" in page and "已布置" in page and exam_affairs_lead.display_name in page
    assert "2026年6月9日" in page

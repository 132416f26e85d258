"""Site readiness (细则第八条) and room preparation and sealing (细则第九条) for one batch.

Each site the batch's sessions use has the site checklist; each room has the checklist of its
type. A named person confirms each item (with an optional note and photo); the exam-affairs lead
seals a room once its own and its site's items are all confirmed, no later than the SEALING
deadline (认定前1工作日完成考场布置并封场). A sealed room's items stay as they are until it is
unsealed, with a reason on record.
"""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from skillcert.batches.access import require_exam_affairs_lead, require_site_manager
from skillcert.batches.deadlines import Step, guard_deadline
from skillcert.batches.errors import InvalidInput, ReadinessError
from skillcert.batches.models import (
    Batch,
    BatchState,
    ChecklistItem,
    ChecklistScope,
    ReadinessTick,
    Room,
    RoomSeal,
    Site,
)
from skillcert.batches.selectors import readiness_of, rooms_of, sites_of
from skillcert.core import audit
from skillcert.core.accounts.models import User

PHOTO_MAX_BYTES = 5 * 1024 * 1024
# JPEG and PNG by their first bytes: the name and the browser's content type are not evidence.
_PHOTO_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")
_OPEN_STATES = frozenset(
    {BatchState.DRAFT, BatchState.ANNOUNCED, BatchState.PLANNED, BatchState.REPORTED,
     BatchState.ARRANGED, BatchState.SEALED}
)  # fmt: skip


# --- confirming items ---------------------------------------------------------------------------


def _require_open(batch: Batch) -> None:
    if batch.state not in _OPEN_STATES:
        raise ReadinessError(f"批次当前为“{BatchState(batch.state).label}”，考场准备已不能再修改。")


def _active_seal(batch: Batch, room: Room) -> RoomSeal | None:
    return RoomSeal.objects.filter(batch=batch, room=room, unsealed_at__isnull=True).first()


def _place(batch: Batch, item: ChecklistItem, room: Room | None, site: Site | None) -> Site:
    """Check that the item fits the place and the place is the batch's; return the site."""
    if item.scope == ChecklistScope.ROOM:
        if room is None or room not in rooms_of(batch):
            raise InvalidInput("请选择本批次场次所用的考场。", field="room")
        if room.room_type != item.room_type:
            raise InvalidInput(f"“{item.label}”不适用于{room.get_room_type_display()}。")
        return room.site
    if site is None or site not in sites_of(batch):
        raise InvalidInput("请选择本批次场次所用的考点。", field="site")
    return site


def _check_photo(photo: UploadedFile) -> None:
    if photo.size > PHOTO_MAX_BYTES:
        raise InvalidInput(
            f"照片不能超过5 MB，当前为{photo.size / 1024 / 1024:.1f} MB。请压缩后再上传。",
            field="photo",
        )
    head = photo.read(8)
    photo.seek(0)
    if not any(head.startswith(sig) for sig in _PHOTO_SIGNATURES):
        raise InvalidInput("照片须为 JPEG 或 PNG 图片。", field="photo")


@transaction.atomic
def tick_item(
    *,
    actor: User,
    batch: Batch,
    item: ChecklistItem,
    site: Site | None = None,
    room: Room | None = None,
    note: str = "",
    photo: UploadedFile | None = None,
) -> ReadinessTick:
    """Confirm one item for a site or room of the batch, in the confirming person's name."""
    require_site_manager(actor, batch.agency)
    _require_open(batch)
    site = _place(batch, item, room, site)
    if room is not None and _active_seal(batch, room):
        raise ReadinessError(f"考场“{room.name}”已封场，不能修改其准备情况；如需修改请先启封。")
    if photo is not None:
        _check_photo(photo)
    existing = ReadinessTick.objects.filter(batch=batch, item=item, site=site, room=room).first()
    if existing is not None:
        return existing
    tick = ReadinessTick(
        batch=batch, item=item, site=site, room=room, ticked_by=actor, note=note.strip()
    )
    if photo is not None:
        tick.photo.save(photo.name, photo, save=False)
    tick.save()
    audit.record(
        actor=actor,
        action="batch.readiness_tick",
        obj=batch,
        changes={"item": item.key, "site": site.name, "room": room.name if room else None},
    )
    return tick


@transaction.atomic
def untick_item(*, actor: User, tick: ReadinessTick) -> None:
    batch = tick.batch
    require_site_manager(actor, batch.agency)
    _require_open(batch)
    # A seal vouches for the room and its site's items: neither may change under it.
    sealed = RoomSeal.objects.filter(batch=batch, unsealed_at__isnull=True)
    sealed = sealed.filter(room=tick.room) if tick.room_id else sealed.filter(room__site=tick.site)
    if sealed.exists():
        raise ReadinessError(
            "相关考场已封场，不能撤销已确认的准备事项；如需修改请由考务负责人先启封并说明原因。"
        )
    audit.record(
        actor=actor,
        action="batch.readiness_untick",
        obj=batch,
        changes={"item": tick.item.key, "site": tick.site.name, "room": str(tick.room or "")},
    )
    tick.delete()


# --- sealing ------------------------------------------------------------------------------------


@transaction.atomic
def seal_room(*, actor: User, batch: Batch, room: Room, on: date | None = None) -> RoomSeal:
    """Seal a prepared room (细则第九条), by the exam-affairs lead, by the SEALING deadline."""
    require_exam_affairs_lead(actor, batch.agency)
    batch = Batch.objects.select_for_update().get(pk=batch.pk)
    _require_open(batch)
    if room not in rooms_of(batch):
        raise InvalidInput("该考场未被本批次的场次使用，无需封场。", field="room")
    if _active_seal(batch, room):
        raise ReadinessError(f"考场“{room.name}”已封场。")
    guard_deadline(batch, Step.SEALING, on=on or timezone.localdate())
    for site_entry in readiness_of(batch):
        if site_entry.site.pk != room.site_id:
            continue
        missing = [row.item.label for row in site_entry.items if row.tick is None]
        room_entry = next(r for r in site_entry.rooms if r.room.pk == room.pk)
        missing += [row.item.label for row in room_entry.items if row.tick is None]
        if missing:
            raise ReadinessError(
                f"考场“{room.name}”及其考点还有{len(missing)}项准备未确认：{'、'.join(missing)}。"
                "全部确认后才能封场（细则第八条、第九条）。",
                code="readiness_incomplete",
            )
    seal = RoomSeal.objects.create(
        batch=batch, room=room, sealed_by=actor, sealed_at=timezone.now()
    )
    audit.record(actor=actor, action="batch.room_seal", obj=batch, changes={"room": room.name})
    return seal


@transaction.atomic
def unseal_room(*, actor: User, batch: Batch, room: Room, reason: str) -> RoomSeal:
    require_exam_affairs_lead(actor, batch.agency)
    _require_open(batch)
    reason = reason.strip()
    if not reason:
        raise InvalidInput("启封须说明原因。", field="reason")
    seal = _active_seal(batch, room)
    if seal is None:
        raise ReadinessError(f"考场“{room.name}”未封场。")
    seal.unsealed_by, seal.unsealed_at, seal.unseal_reason = actor, timezone.now(), reason
    seal.save()
    audit.record(
        actor=actor,
        action="batch.room_unseal",
        obj=batch,
        changes={"room": room.name, "reason": reason},
    )
    return seal

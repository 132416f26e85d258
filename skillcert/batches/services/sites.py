"""Every change to an agency's sites (考点) and rooms (考场), as 细则第八条、第九条 describe them.

A room's capacity is what the seating and the session checks count on, so it must be positive
and fit its seat layout; a deactivated site or room stays on record for the batches that used it.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from skillcert.batches.access import require_site_manager
from skillcert.batches.errors import InvalidInput
from skillcert.batches.models import Room, RoomType, Site
from skillcert.core import audit
from skillcert.core.accounts.models import User
from skillcert.core.orgs.models import Agency

SITE_FIELDS = ("name", "address", "contact_name", "contact_phone")
ROOM_FIELDS = (
    "name",
    "room_type",
    "capacity",
    "seat_rows",
    "seat_columns",
    "cbt_terminals",
    "equipment",
)


def _diff(obj: Any, values: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [getattr(obj, k), v] for k, v in values.items() if getattr(obj, k) != v}


def _clean_site(agency: Agency, values: dict[str, Any], *, instance: Site | None = None) -> dict:
    values = {k: (values.get(k) or "").strip() for k in SITE_FIELDS}
    if not values["name"]:
        raise InvalidInput("请填写考点名称。", field="name")
    if not values["address"]:
        raise InvalidInput("请填写考点地址。", field="address")
    clash = Site.objects.filter(agency=agency, name=values["name"])
    if instance is not None:
        clash = clash.exclude(pk=instance.pk)
    if clash.exists():
        raise InvalidInput(f"本机构已有名为“{values['name']}”的考点，请换一个名称。", field="name")
    return values


@transaction.atomic
def create_site(*, actor: User, agency: Agency, **values: Any) -> Site:
    require_site_manager(actor, agency)
    site = Site.objects.create(agency=agency, **_clean_site(agency, values))
    audit.record(actor=actor, action="batches.site_create", obj=site, changes={"name": site.name})
    return site


@transaction.atomic
def update_site(*, actor: User, site: Site, **values: Any) -> Site:
    require_site_manager(actor, site.agency)
    cleaned = _clean_site(site.agency, values, instance=site)
    changes = _diff(site, cleaned)
    for key, value in cleaned.items():
        setattr(site, key, value)
    site.save()
    if changes:
        audit.record(actor=actor, action="batches.site_update", obj=site, changes=changes)
    return site


@transaction.atomic
def deactivate_site(*, actor: User, site: Site) -> Site:
    """Stop offering the site (and its rooms) for new sessions; past sessions keep it."""
    require_site_manager(actor, site.agency)
    if site.is_active:
        site.is_active = False
        site.save(update_fields=["is_active"])
        site.rooms.filter(is_active=True).update(is_active=False)
        audit.record(actor=actor, action="batches.site_deactivate", obj=site)
    return site


def _clean_room(site: Site, values: dict[str, Any], *, instance: Room | None = None) -> dict:
    cleaned = {
        "name": (values.get("name") or "").strip(),
        "room_type": values.get("room_type") or "",
        "capacity": values.get("capacity"),
        "seat_rows": values.get("seat_rows") or 0,
        "seat_columns": values.get("seat_columns") or 0,
        "cbt_terminals": values.get("cbt_terminals") or 0,
        "equipment": (values.get("equipment") or "").strip(),
    }
    if not cleaned["name"]:
        raise InvalidInput("请填写考场名称。", field="name")
    if cleaned["room_type"] not in RoomType.values:
        raise InvalidInput("请选择考场类型（理论考场、技能考场或综合评审室）。", field="room_type")
    capacity = cleaned["capacity"]
    if capacity is None or capacity <= 0:
        raise InvalidInput(
            "考场容量须至少为1人：容量为0的考场无法安排考生。请填写实际可容纳的考生人数。",
            field="capacity",
        )
    for key in ("seat_rows", "seat_columns", "cbt_terminals"):
        if cleaned[key] < 0:
            raise InvalidInput("不能为负数。", field=key)
    rows, columns = cleaned["seat_rows"], cleaned["seat_columns"]
    if (rows or columns) and rows * columns < capacity:
        # 单人单桌: every candidate needs a seat of the layout.
        raise InvalidInput(
            f"座位布局{rows}行×{columns}列只有{rows * columns}个座位，少于容量{capacity}人。"
            "请增加行列数或减少容量（单人单桌）。",
            field="seat_columns",
        )
    clash = Room.objects.filter(site=site, name=cleaned["name"])
    if instance is not None:
        clash = clash.exclude(pk=instance.pk)
    if clash.exists():
        raise InvalidInput(f"该考点已有名为“{cleaned['name']}”的考场。", field="name")
    return cleaned


@transaction.atomic
def create_room(*, actor: User, site: Site, **values: Any) -> Room:
    require_site_manager(actor, site.agency)
    if not site.is_active:
        raise InvalidInput("该考点已停用，不能新增考场。请先启用考点或选择其他考点。")
    room = Room.objects.create(site=site, **_clean_room(site, values))
    audit.record(
        actor=actor,
        action="batches.room_create",
        obj=room,
        changes={"name": room.name, "capacity": room.capacity},
    )
    return room


@transaction.atomic
def update_room(*, actor: User, room: Room, **values: Any) -> Room:
    require_site_manager(actor, room.agency)
    cleaned = _clean_room(room.site, values, instance=room)
    changes = _diff(room, cleaned)
    for key, value in cleaned.items():
        setattr(room, key, value)
    room.save()
    if changes:
        audit.record(actor=actor, action="batches.room_update", obj=room, changes=changes)
    return room


@transaction.atomic
def deactivate_room(*, actor: User, room: Room) -> Room:
    require_site_manager(actor, room.agency)
    if room.is_active:
        room.is_active = False
        room.save(update_fields=["is_active"])
        audit.record(actor=actor, action="batches.room_deactivate", obj=room)
    return room

"""Reads of sites, rooms, batches and change requests, always scoped to what the actor may see.

Another agency's object is not found (404), never forbidden: ``*_for`` look-ups go through
``visible_agencies``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TypeVar

from django.db.models import Count, Max, Model, Q, QuerySet

from skillcert.batches.deadlines import DUE, DUE_TODAY, LATE, StepStatus, timelines
from skillcert.batches.models import (
    Batch,
    BatchLevel,
    BatchState,
    ChangeRequest,
    ChangeState,
    ChecklistItem,
    ChecklistScope,
    ReadinessTick,
    Room,
    RoomSeal,
    Session,
    Site,
)
from skillcert.catalog.models import Level, StandardLevel, Subject
from skillcert.core.accounts.models import Role, User
from skillcert.core.accounts.permissions import active_memberships, visible_agencies
from skillcert.core.errors import NotFound
from skillcert.core.orgs.models import Agency

_NOT_FOUND = "未找到该记录，或您无权查看。"


def _visible(actor: User) -> QuerySet[Agency]:
    return visible_agencies(actor)


_M = TypeVar("_M", bound=Model)


def _one_visible(objects: QuerySet[_M]) -> _M:
    """The one object of ``objects`` (already scoped to the actor's agencies), or NotFound: another
    agency's object is answered as if it did not exist."""
    found = objects.first()
    if found is None:
        raise NotFound(_NOT_FOUND)
    return found


def sites_for(actor: User, agency: Agency, *, search: str = "", active: str = "") -> QuerySet[Site]:
    qs = Site.objects.filter(agency=agency, agency__in=_visible(actor)).annotate(
        room_count=Count("rooms", filter=Q(rooms__is_active=True))
    )
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(address__icontains=search))
    if active == "1":
        qs = qs.filter(is_active=True)
    elif active == "0":
        qs = qs.filter(is_active=False)
    return qs.order_by("-is_active", "name")


def site_for(actor: User, site_id: int) -> Site:
    return _one_visible(
        Site.objects.filter(pk=site_id, agency__in=_visible(actor)).select_related("agency")
    )


def room_for(actor: User, room_id: int) -> Room:
    return _one_visible(
        Room.objects.filter(pk=room_id, site__agency__in=_visible(actor)).select_related(
            "site__agency"
        )
    )


def batches_for(
    actor: User, *, agency: Agency | None = None, search: str = "", state: str = ""
) -> QuerySet[Batch]:
    qs = Batch.objects.filter(agency__in=_visible(actor)).select_related("agency", "rule_set")
    if agency is not None:
        qs = qs.filter(agency=agency)
    if search:
        qs = qs.filter(
            Q(code__icontains=search)
            | Q(name__icontains=search)
            | Q(agency__name__icontains=search)
        )
    if state:
        qs = qs.filter(state=state)
    return qs.annotate(level_count=Count("levels", distinct=True)).order_by(
        "-first_exam_day", "code"
    )


def batch_for(actor: User, batch_id: int) -> Batch:
    return _one_visible(
        Batch.objects.filter(pk=batch_id, agency__in=_visible(actor)).select_related(
            "agency__centre", "rule_set", "created_by"
        )
    )


def session_for(actor: User, session_id: int) -> Session:
    return _one_visible(
        Session.objects.filter(pk=session_id, batch__agency__in=_visible(actor)).select_related(
            "batch__agency", "batch__rule_set", "batch_level", "subject", "site"
        )
    )


# What a change request's page and list show: the session or the level and subject it is about,
# the proposed site, who asked and who decided.
_CHANGE_RELATED = (
    "session__subject",
    "session__batch_level__standard_level",
    "batch_level__standard_level",
    "subject",
    "standard_level",
    "site",
    "requested_by",
    "decided_by",
)


def change_for(actor: User, change_id: int) -> ChangeRequest:
    return _one_visible(
        ChangeRequest.objects.filter(
            pk=change_id, batch__agency__in=_visible(actor)
        ).select_related("batch__agency", *_CHANGE_RELATED)
    )


def batch_level_for(actor: User, level_id: int) -> BatchLevel:
    return _one_visible(
        BatchLevel.objects.filter(pk=level_id, batch__agency__in=_visible(actor)).select_related(
            "batch__agency", "standard_level__standard__occupation"
        )
    )


def levels_of(batch: Batch) -> QuerySet[BatchLevel]:
    return batch.levels.select_related(
        "standard_level__standard__occupation", "standard_level__standard__trade"
    )


def level_of_subject(batch: Batch, subject: Subject) -> BatchLevel | None:
    """The batch's level that the subject belongs to, if the batch has it."""
    return batch.levels.filter(standard_level=subject.standard_level_id).first()


def rooms_of_session(session: Session) -> list[Room]:
    return list(session.rooms.all())


def rooms_of_site(site: Site) -> QuerySet[Room]:
    return site.rooms.order_by("-is_active", "name")


@dataclass(frozen=True)
class PlanGap:
    level: str
    subject: str
    subject_id: int = 0

    def __str__(self) -> str:
        return f"{self.level}的{self.subject}"


def missing_sessions(batch: Batch) -> list[PlanGap]:
    """Each subject of each level of the batch that has no session yet (细则第二条: the plan
    schedules every subject), in the order the levels were added."""
    scheduled = set(Session.objects.filter(batch=batch).values_list("batch_level_id", "subject_id"))
    gaps = []
    for bl in batch.levels.select_related("standard_level__standard__occupation").order_by("pk"):
        sl: StandardLevel = bl.standard_level
        for subject in sl.subjects.all():
            if (bl.pk, subject.pk) not in scheduled:
                gaps.append(
                    PlanGap(
                        level=f"{sl.standard.occupation.name}{Level(sl.level).label}",
                        subject=subject.get_kind_display(),
                        subject_id=subject.pk,
                    )
                )
    return gaps


def sessions_of(batch: Batch) -> QuerySet[Session]:
    return (
        batch.sessions.select_related(
            "subject",
            "site",
            "batch_level__standard_level__standard__occupation",
            "batch_level__standard_level__standard__trade",
        )
        .prefetch_related("rooms")
        .order_by("date", "start_time", "id")
    )


def changes_of(batch: Batch) -> QuerySet[ChangeRequest]:
    return (
        batch.change_requests.select_related(*_CHANGE_RELATED)
        .prefetch_related("rooms")
        .order_by("-requested_at", "-id")
    )


def supervised_agencies(actor: User) -> QuerySet[Agency]:
    """The agencies whose batches the actor supervises: their city's, or all for the province."""
    memberships = [
        m
        for m in active_memberships(actor)
        if m.role in (Role.CITY_SUPERVISOR, Role.PROVINCIAL_SUPERVISOR)
    ]
    if any(m.role == Role.PROVINCIAL_SUPERVISOR for m in memberships):
        return Agency.objects.all()
    return Agency.objects.filter(centre_id__in=[m.centre_id for m in memberships])


def pending_changes_for(actor: User, *, search: str = "") -> QuerySet[ChangeRequest]:
    qs = (
        ChangeRequest.objects.filter(
            state=ChangeState.PENDING, batch__agency__in=supervised_agencies(actor)
        )
        .select_related(
            "batch__agency",
            "session__subject",
            "session__batch_level__standard_level__standard__occupation",
            "session__batch_level__standard_level__standard__trade",
            "batch_level__standard_level__standard__occupation",
            "batch_level__standard_level__standard__trade",
            "subject",
            "standard_level__standard__occupation",
            "standard_level__standard__trade",
            "site",
            "requested_by",
        )
        .prefetch_related("rooms")
        .order_by("batch__first_exam_day", "requested_at")
    )
    if search:
        qs = qs.filter(
            Q(batch__code__icontains=search)
            | Q(batch__name__icontains=search)
            | Q(batch__agency__name__icontains=search)
        )
    return qs


# --- the supervisors' deadline-risk list -------------------------------------------------------

# Batches whose dated steps may still be at risk: everything from planning to the submission.
_AT_RISK_STATES = [
    s
    for s in BatchState.values
    if s not in (BatchState.CERTIFIED, BatchState.ARCHIVED, BatchState.CANCELLED)
]


@dataclass(frozen=True)
class RiskRow:
    batch: Batch
    steps: list[StepStatus]


def deadline_risks(actor: User, *, today: date, search: str = "") -> list[RiskRow]:
    """Batches in the actor's region with a step late, or due within the warning window.

    The window is the batch's pinned ``deadline_warning_wd`` working days.
    """
    batches = Batch.objects.filter(
        agency__in=supervised_agencies(actor), state__in=_AT_RISK_STATES
    ).select_related("agency", "rule_set")
    if search:
        batches = batches.filter(
            Q(code__icontains=search)
            | Q(name__icontains=search)
            | Q(agency__name__icontains=search)
        )
    batches = list(batches.order_by("first_exam_day", "code"))
    steps_of = timelines(batches, today=today)
    rows = []
    for batch in batches:
        window = batch.rule_set.param("deadline_warning_wd")
        steps = [
            s
            for s in steps_of[batch.pk]
            if s.binding
            and s.done_at is None
            and (
                s.status == LATE or (s.status in (DUE, DUE_TODAY) and s.working_days_left <= window)
            )
            and s.exception is None
        ]
        if steps:
            rows.append(RiskRow(batch=batch, steps=steps))
    return rows


# --- readiness and sealing (细则第八条、第九条) -------------------------------------------------


def rooms_of(batch: Batch) -> list[Room]:
    """The rooms the batch's sessions use, by site and name."""
    return list(
        Room.objects.filter(sessions__batch=batch)
        .select_related("site")
        .distinct()
        .order_by("site__name", "name")
    )


def sites_of(batch: Batch) -> list[Site]:
    return list(Site.objects.filter(pk__in=batch.sessions.values("site")).order_by("name"))


# --- the checklist of each site and room ---------------------------------------------------


@dataclass
class ItemRow:
    item: ChecklistItem
    tick: ReadinessTick | None


@dataclass
class RoomReadiness:
    room: Room
    items: list[ItemRow]
    seal: RoomSeal | None

    @property
    def complete(self) -> bool:
        return all(row.tick is not None for row in self.items)


@dataclass
class SiteReadiness:
    site: Site
    items: list[ItemRow]
    rooms: list[RoomReadiness] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return all(row.tick is not None for row in self.items)


def readiness_of(batch: Batch) -> list[SiteReadiness]:
    """Every site and room of the batch with each item's confirmation and each room's seal."""
    items = list(ChecklistItem.objects.filter(is_active=True))
    site_items = [i for i in items if i.scope == ChecklistScope.SITE]
    ticks = {
        (t.item_id, t.site_id, t.room_id): t
        for t in ReadinessTick.objects.filter(batch=batch).select_related("ticked_by")
    }
    seals = {
        s.room_id: s
        for s in RoomSeal.objects.filter(batch=batch, unsealed_at__isnull=True).select_related(
            "sealed_by"
        )
    }
    rooms = rooms_of(batch)
    result = []
    for site in sites_of(batch):
        entry = SiteReadiness(
            site=site, items=[ItemRow(i, ticks.get((i.pk, site.pk, None))) for i in site_items]
        )
        for room in (r for r in rooms if r.site_id == site.pk):
            room_items = [i for i in items if i.room_type == room.room_type]
            entry.rooms.append(
                RoomReadiness(
                    room=room,
                    items=[ItemRow(i, ticks.get((i.pk, site.pk, room.pk))) for i in room_items],
                    seal=seals.get(room.pk),
                )
            )
        result.append(entry)
    return result


def sealing_done_at(batch: Batch) -> datetime | None:
    """细则第九条 is met when every room the batch uses is sealed: the time of the last seal."""
    room_ids = {r.pk for r in rooms_of(batch)}
    if not room_ids:
        return None
    seals = RoomSeal.objects.filter(batch=batch, room_id__in=room_ids, unsealed_at__isnull=True)
    if seals.count() < len(room_ids):
        return None
    return seals.aggregate(last=Max("sealed_at"))["last"]


def sealings_done_at(batches: Sequence[Batch]) -> dict[int, datetime | None]:
    """``sealing_done_at`` of each batch, in two queries for a list of batches."""
    pks = [b.pk for b in batches]
    rooms: dict[int, set[int]] = defaultdict(set)
    for batch_id, room_id in Session.rooms.through.objects.filter(
        session__batch_id__in=pks
    ).values_list("session__batch_id", "room_id"):
        rooms[batch_id].add(room_id)
    seals: dict[int, list[datetime]] = defaultdict(list)
    for batch_id, room_id, sealed_at in RoomSeal.objects.filter(
        batch_id__in=pks, unsealed_at__isnull=True
    ).values_list("batch_id", "room_id", "sealed_at"):
        if room_id in rooms[batch_id]:
            seals[batch_id].append(sealed_at)
    return {
        pk: max(seals[pk]) if rooms[pk] and len(seals[pk]) >= len(rooms[pk]) else None for pk in pks
    }


def checklist_item(item_id: int) -> ChecklistItem | None:
    """A checklist item by id; the items are the same for every agency."""
    return ChecklistItem.objects.filter(pk=item_id).first()


def tick_for(actor: User, tick_id: int) -> ReadinessTick:
    return _one_visible(
        ReadinessTick.objects.filter(pk=tick_id, batch__agency__in=_visible(actor)).select_related(
            "batch__agency", "item"
        )
    )


# --- reads of the API ---------------------------------------------------------------------------


def level_and_subject_of(batch: Batch, subject_id: int) -> tuple[BatchLevel, Subject]:
    """A subject of one of the batch's levels, with that level; any other subject is not found."""
    levels = {bl.standard_level_id: bl for bl in batch.levels.all()}
    subject = Subject.objects.filter(pk=subject_id, standard_level_id__in=levels).first()
    if subject is None:
        raise NotFound("本批次的职业等级中没有该科目，请先在批次中添加该职业等级。")
    return levels[subject.standard_level_id], subject

"""Batches, their deadlines and sessions, and the agency's sites and rooms, for other systems.

The same selectors and services as the pages: every read is scoped to the caller (another
agency's batch, site or room is 404), every write is the service the page calls, with its checks
and audit. Body keys are named like the page's form fields, so a refusal's ``field`` names the
key to correct.
"""

from datetime import date, datetime, time
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from skillcert.api.auth import staff_session
from skillcert.api.schemas import ERRORS, Paged
from skillcert.batches import selectors
from skillcert.batches.deadlines import StepStatus, timeline
from skillcert.batches.models import Batch, BatchLevel, BatchState, Room, Session, Site
from skillcert.batches.selectors import PlanGap
from skillcert.batches.services import batches as batch_services
from skillcert.batches.services import sessions as session_services
from skillcert.batches.services import transitions
from skillcert.core.accounts.permissions import has_role
from skillcert.core.accounts.roles import EXAM_OFFICE
from skillcert.core.accounts.views import acting_agency
from skillcert.core.calendar import CalendarUnavailable

router = Router(auth=staff_session, tags=["认定批次"])
SITES = ["考点与考场"]


# --- schemas --------------------------------------------------------------------------------------


class BatchOut(Schema):
    id: int
    code: str
    name: str
    agency_id: int
    agency_name: str = Field(..., alias="agency.name")
    first_exam_day: date
    last_exam_day: date
    state: BatchState
    state_label: str
    rule_set_version: int = Field(..., alias="rule_set.version")
    created_at: datetime
    state_changed_at: datetime | None

    @staticmethod
    def resolve_state_label(obj: Batch) -> str:
        return obj.get_state_display()


class BatchListOut(BatchOut):
    level_count: int


class LevelOut(Schema):
    id: int
    standard_level_id: int
    name: str
    expected_candidates: int

    @staticmethod
    def resolve_name(obj: BatchLevel) -> str:
        return str(obj)


class RoomRef(Schema):
    id: int
    name: str


class SessionOut(Schema):
    id: int
    batch_level_id: int
    level: str
    subject_id: int
    subject: str
    date: date
    start_time: time
    end_time: time
    site_id: int
    site_name: str = Field(..., alias="site.name")
    rooms: list[RoomRef]
    expected_candidates: int

    @staticmethod
    def resolve_level(obj: Session) -> str:
        return str(obj.batch_level)

    @staticmethod
    def resolve_subject(obj: Session) -> str:
        return obj.subject.get_kind_display()

    @staticmethod
    def resolve_rooms(obj: Session) -> list[Room]:
        return list(obj.rooms.all())


class StepOut(Schema):
    step: str
    label: str
    article: str
    deadline: date | None
    binding: bool
    done_at: datetime | None
    status: str
    status_label: str
    working_days_left: int
    has_exception: bool
    calendar_error: str

    @staticmethod
    def resolve_has_exception(obj: StepStatus) -> bool:
        return obj.exception is not None


class GapOut(Schema):
    level: str
    subject: str
    subject_id: int


class DeadlinesOut(Schema):
    steps: list[StepOut]
    calendar_error: str = Field(
        "", description="the calendar's message when a year's holiday notice is not on file"
    )


class BatchDetailOut(BatchOut):
    """Read from the batch through the same selectors as the batch page."""

    notes: str
    levels: list[LevelOut]
    sessions: list[SessionOut]
    deadlines: DeadlinesOut
    missing_sessions: list[GapOut]
    transitions: list[BatchState] = Field(
        ..., description="the states the caller may move the batch to by hand"
    )

    @staticmethod
    def resolve_levels(obj: Batch) -> QuerySet[BatchLevel]:
        return selectors.levels_of(obj)

    @staticmethod
    def resolve_sessions(obj: Batch) -> QuerySet[Session]:
        return selectors.sessions_of(obj)

    @staticmethod
    def resolve_deadlines(obj: Batch) -> dict[str, object]:
        try:
            return {"steps": timeline(obj, today=timezone.localdate())}
        except CalendarUnavailable as error:
            return {"steps": [], "calendar_error": error.message}

    @staticmethod
    def resolve_missing_sessions(obj: Batch) -> list[PlanGap]:
        return selectors.missing_sessions(obj)

    @staticmethod
    def resolve_transitions(obj: Batch, context: dict[str, Any]) -> list[BatchState]:
        if not has_role(context["request"].user, obj.agency, *EXAM_OFFICE):
            return []
        return transitions.manual_transitions(obj)


class BatchIn(Schema):
    code: str
    name: str
    first_exam_day: date
    last_exam_day: date
    notes: str = ""


class SessionIn(Schema):
    subject: int = Field(..., description="科目 id: a subject of one of the batch's levels")
    date: date
    start_time: time
    end_time: time
    site: int = Field(..., description="考点 id")
    rooms: list[int] = Field(..., description="考场 ids, of that site")
    expected_candidates: int = Field(0, ge=0)


class TransitionIn(Schema):
    to: BatchState
    reason: str = ""


class BatchFilters(Schema):
    q: str = ""
    state: BatchState | None = None


class SiteOut(Schema):
    id: int
    name: str
    address: str
    contact_name: str
    contact_phone: str
    is_active: bool


class SiteListOut(SiteOut):
    room_count: int


class RoomOut(Schema):
    id: int
    site_id: int
    name: str
    room_type: str
    room_type_label: str
    capacity: int
    seat_rows: int
    seat_columns: int
    cbt_terminals: int
    equipment: str
    is_active: bool

    @staticmethod
    def resolve_room_type_label(obj: Room) -> str:
        return obj.get_room_type_display()


class SiteDetailOut(SiteOut):
    rooms: list[RoomOut]

    @staticmethod
    def resolve_rooms(obj: Site) -> QuerySet[Room]:
        return selectors.rooms_of_site(obj)


class SiteFilters(Schema):
    q: str = ""
    active: bool | None = None


# --- batches --------------------------------------------------------------------------------------


@router.get("/batches/", response=list[BatchListOut], summary="批次列表")
@paginate(Paged)
def batch_list(request: HttpRequest, filters: Query[BatchFilters]) -> QuerySet[Batch]:
    """The batches the caller sees: an agency's own, or those of the region a centre supervises."""
    membership = request.membership
    return selectors.batches_for(
        request.user,
        agency=membership.agency if membership is not None else None,
        search=filters.q,
        state=filters.state or "",
    )


@router.get(
    "/batches/{batch_id}", response={200: BatchDetailOut, **ERRORS}, summary="批次详情与时限"
)
def batch_detail(request: HttpRequest, batch_id: int) -> Batch:
    """The batch with its levels, sessions, each step's deadline (细则各条时限) and the states
    it may move to."""
    return selectors.batch_for(request.user, batch_id)


@router.post("/batches/", response={201: BatchOut, **ERRORS}, summary="新建批次草稿")
def batch_create(request: HttpRequest, payload: BatchIn) -> Status:
    """A draft batch of the caller's acting agency, under the rule set in force today."""
    batch = batch_services.create_batch(
        actor=request.user, agency=acting_agency(request), **payload.model_dump()
    )
    return Status(201, batch)


@router.post(
    "/batches/{batch_id}/sessions", response={201: SessionOut, **ERRORS}, summary="添加场次"
)
def session_add(request: HttpRequest, batch_id: int, payload: SessionIn) -> Status:
    """Add a session to a draft batch; after the announcement a change request is needed
    (细则第十条)."""
    batch = selectors.batch_for(request.user, batch_id)
    batch_level, subject = selectors.level_and_subject_of(batch, payload.subject)
    session = session_services.add_session(
        actor=request.user,
        batch=batch,
        batch_level=batch_level,
        subject=subject,
        slot=session_services.SessionSlot(
            date=payload.date,
            start_time=payload.start_time,
            end_time=payload.end_time,
            site=selectors.site_for(request.user, payload.site),
            rooms=[selectors.room_for(request.user, pk) for pk in payload.rooms],
        ),
        expected_candidates=payload.expected_candidates,
    )
    return Status(201, selectors.session_for(request.user, session.pk))


@router.post(
    "/batches/{batch_id}/transition",
    response={200: BatchDetailOut, **ERRORS},
    summary="变更批次状态",
)
def batch_transition(request: HttpRequest, batch_id: int, payload: TransitionIn) -> Batch:
    """Move the batch along its transition table; cancelling needs a ``reason``."""
    batch = selectors.batch_for(request.user, batch_id)
    transitions.transition_batch(
        actor=request.user, batch=batch, to=payload.to, reason=payload.reason
    )
    return selectors.batch_for(request.user, batch_id)


# --- sites and rooms (细则第八条) ----------------------------------------------------------------


@router.get("/sites/", response=list[SiteListOut], tags=SITES, summary="本机构考点列表")
@paginate(Paged)
def site_list(request: HttpRequest, filters: Query[SiteFilters]) -> QuerySet[Site]:
    active = "" if filters.active is None else ("1" if filters.active else "0")
    return selectors.sites_for(
        request.user, acting_agency(request), search=filters.q, active=active
    )


@router.get(
    "/sites/{site_id}", response={200: SiteDetailOut, **ERRORS}, tags=SITES, summary="考点及其考场"
)
def site_detail(request: HttpRequest, site_id: int) -> Site:
    return selectors.site_for(request.user, site_id)


@router.get("/rooms/{room_id}", response={200: RoomOut, **ERRORS}, tags=SITES, summary="考场")
def room_detail(request: HttpRequest, room_id: int) -> Room:
    return selectors.room_for(request.user, room_id)

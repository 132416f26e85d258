"""Announcements (细则第一条) and exam plans (第二条) for other systems, and the public list.

The same selectors and services as the pages: an announcement is read by its agency's batch team
and its supervisors, another agency's is 404; publishing goes through the services with their
completeness check and deadline guard, whose refusal is the page's message as JSON. The public
list is the public page's selector, with no sign-in.
"""

from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from skillcert.api.auth import staff_session
from skillcert.api.schemas import ERRORS, Paged
from skillcert.batches.announcements import selectors, services
from skillcert.batches.announcements.models import (
    Announcement,
    AnnouncementFee,
    AnnouncementStatus,
    ExamPlan,
    PeriodKind,
)
from skillcert.batches.announcements.presenters import BatchDeadline, batch_deadlines
from skillcert.batches.models import BatchState
from skillcert.core.accounts.permissions import has_role
from skillcert.core.accounts.roles import BATCH_TEAM
from skillcert.core.accounts.supervision import supervises
from skillcert.core.accounts.views import acting_agency
from skillcert.core.errors import PermissionDenied

router = Router(auth=staff_session)
public_router = Router(tags=["公开信息"])

ANNOUNCEMENTS = ["认定公告"]
PLANS = ["考试计划"]
# The size the pages of these lists have always had, kept for the API's default page.
LIST_PAGE_SIZE = 20

_TEAM_ONLY = "认定公告由本机构的考务负责人、考务人员或机构负责人办理。"


# --- schemas --------------------------------------------------------------------------------------


class BatchRef(Schema):
    id: int
    code: str
    name: str
    first_exam_day: date
    state: BatchState


class AnnouncementOut(Schema):
    id: int
    agency_id: int
    title: str
    number: str
    period_kind: PeriodKind
    period_label: str
    registration_start: date | None
    registration_end: date | None
    status: AnnouncementStatus
    status_label: str
    published_at: datetime | None
    withdrawn_at: datetime | None
    withdraw_reason: str
    batches: list[BatchRef]

    @staticmethod
    def resolve_status_label(obj: Announcement) -> str:
        return obj.get_status_display()


class DeadlineOut(Schema):
    """A covered batch with its announcement and plan deadlines (细则第一条、第二条)."""

    batch_id: int = Field(..., alias="batch.id")
    code: str = Field(..., alias="batch.code")
    announce_by: date | None
    plan_by: date | None
    late: bool
    problem: str = Field(..., description="the calendar's message when a year has no data")


class FeeOut(Schema):
    standard_level_id: int
    level: str
    fee_fen: int

    @staticmethod
    def resolve_level(obj: AnnouncementFee) -> str:
        return str(obj.standard_level)


class AnnouncementDetailOut(AnnouncementOut):
    body: str
    timetable_text: str
    contact_name: str
    contact_phone: str
    contact_address: str
    contact_email: str
    complaint_channel: str
    deadlines: list[DeadlineOut]
    missing: list[str] = Field(
        ..., description="what 细则第一条 requires that a draft does not state yet"
    )
    fees: list[FeeOut] = Field(..., description="a draft's fees; a published one's are in notice")
    notice: dict[str, Any] | None = Field(
        ..., description="the content as published, frozen at publication; null for a draft"
    )

    @staticmethod
    def resolve_deadlines(obj: Announcement) -> list[BatchDeadline]:
        batches = list(selectors.batches_of(obj))
        return batch_deadlines(batches, today=timezone.localdate())

    @staticmethod
    def resolve_missing(obj: Announcement) -> list[str]:
        return services.missing_for_publication(obj) if obj.is_draft else []

    @staticmethod
    def resolve_fees(obj: Announcement) -> QuerySet[AnnouncementFee] | list[AnnouncementFee]:
        return selectors.fees_of(obj) if obj.is_draft else []

    @staticmethod
    def resolve_notice(obj: Announcement) -> dict[str, Any] | None:
        return None if obj.is_draft else obj.snapshot


class AnnouncementFilters(Schema):
    q: str = ""
    status: AnnouncementStatus | None = None
    period_kind: PeriodKind | None = None


class WithdrawIn(Schema):
    reason: str


class PlanOut(Schema):
    id: int
    batch_id: int
    batch_code: str = Field(..., alias="batch.code")
    batch_name: str = Field(..., alias="batch.name")
    agency_id: int = Field(..., alias="batch.agency_id")
    agency_name: str = Field(..., alias="batch.agency.name")
    first_exam_day: date = Field(..., alias="batch.first_exam_day")
    published_at: datetime


class PlanDetailOut(PlanOut):
    plan: dict[str, Any] = Field(..., alias="snapshot", description="the plan as published")


class PlanFilters(Schema):
    agency: int | None = None
    q: str = ""
    exam_from: date | None = None
    exam_until: date | None = None


class PlanIn(Schema):
    batch: int = Field(..., description="the id of an announced batch of the caller's agency")


class PublicAnnouncementOut(Schema):
    id: int
    status: AnnouncementStatus
    status_label: str
    published_at: datetime
    withdrawn_at: datetime | None
    withdraw_reason: str
    notice: dict[str, Any] = Field(..., alias="snapshot", description="the content as published")

    @staticmethod
    def resolve_status_label(obj: Announcement) -> str:
        return obj.get_status_display()


class PublicFilters(Schema):
    q: str = ""
    year: int | None = None


# --- announcements --------------------------------------------------------------------------------


def _readable(request: HttpRequest, pk: int) -> Announcement:
    """As on the detail page: the agency's batch team and its supervisors read it."""
    announcement = selectors.get_announcement(request.user, pk)
    user = request.user
    if not (
        has_role(user, announcement.agency, *BATCH_TEAM) or supervises(user, announcement.agency)
    ):
        raise PermissionDenied(_TEAM_ONLY)
    return announcement


@router.get(
    "/announcements/", response=list[AnnouncementOut], tags=ANNOUNCEMENTS, summary="本机构认定公告"
)
@paginate(Paged, page_size=LIST_PAGE_SIZE)
def announcement_list(
    request: HttpRequest, filters: Query[AnnouncementFilters]
) -> QuerySet[Announcement]:
    agency = acting_agency(request)
    if not has_role(request.user, agency, *BATCH_TEAM):
        raise PermissionDenied(_TEAM_ONLY)
    return selectors.announcements_of(
        actor=request.user,
        agency=agency,
        search=filters.q,
        status=filters.status or "",
        period_kind=filters.period_kind or "",
    )


@router.get(
    "/announcements/{pk}",
    response={200: AnnouncementDetailOut, **ERRORS},
    tags=ANNOUNCEMENTS,
    summary="认定公告详情",
)
def announcement_detail(request: HttpRequest, pk: int) -> Announcement:
    """A draft lists what is still missing; a published notice carries its frozen content."""
    return _readable(request, pk)


@router.post(
    "/announcements/{pk}/publish",
    response={200: AnnouncementDetailOut, **ERRORS},
    tags=ANNOUNCEMENTS,
    summary="发布认定公告",
)
def announcement_publish(request: HttpRequest, pk: int) -> Announcement:
    """Publish today and announce every covered batch. Refused (each with its reason) when an
    item is missing, a batch is no longer a draft, or today is past a batch's announcement
    deadline without a supervisor's exception (细则第一条)."""
    announcement = selectors.get_announcement(request.user, pk)
    services.publish_announcement(actor=request.user, announcement=announcement)
    return selectors.get_announcement(request.user, pk)


@router.post(
    "/announcements/{pk}/withdraw",
    response={200: AnnouncementDetailOut, **ERRORS},
    tags=ANNOUNCEMENTS,
    summary="撤回认定公告",
)
def announcement_withdraw(request: HttpRequest, pk: int, payload: WithdrawIn) -> Announcement:
    """The public list keeps the notice, marked withdrawn with the reason; its batches go back
    to planning."""
    announcement = selectors.get_announcement(request.user, pk)
    services.withdraw_announcement(
        actor=request.user, announcement=announcement, reason=payload.reason
    )
    return selectors.get_announcement(request.user, pk)


# --- exam plans -----------------------------------------------------------------------------------


@router.get("/plans/", response=list[PlanOut], tags=PLANS, summary="考试计划列表")
@paginate(Paged, page_size=LIST_PAGE_SIZE)
def plan_list(request: HttpRequest, filters: Query[PlanFilters]) -> QuerySet[ExamPlan]:
    """Published plans of the agencies the caller sees: their own, or their region's."""
    return selectors.plans_visible_to(
        request.user,
        agency_id=filters.agency,
        search=filters.q,
        exam_from=filters.exam_from,
        exam_until=filters.exam_until,
    )


@router.get(
    "/plans/{pk}", response={200: PlanDetailOut, **ERRORS}, tags=PLANS, summary="考试计划详情"
)
def plan_detail(request: HttpRequest, pk: int) -> ExamPlan:
    return selectors.get_plan(request.user, pk)


@router.post("/plans/", response={201: PlanDetailOut, **ERRORS}, tags=PLANS, summary="发布考试计划")
def plan_publish(request: HttpRequest, payload: PlanIn) -> Status:
    """Publish an announced batch's plan today and move it to planned; the city centre is told.
    Refused while a subject has no session, or after the plan's deadline (细则第二条)."""
    membership = request.membership
    agency = membership.agency if membership is not None else None
    batch = selectors.get_own_batch(request.user, agency, payload.batch)
    if not has_role(request.user, batch.agency, *BATCH_TEAM):
        raise PermissionDenied("考试计划由本机构的考务负责人、考务人员或机构负责人发布。")
    plan = services.publish_exam_plan(actor=request.user, batch=batch)
    return Status(201, selectors.get_plan(request.user, plan.pk))


# --- public (no sign-in) --------------------------------------------------------------------------


@public_router.get(
    "/public/announcements/",
    response=list[PublicAnnouncementOut],
    auth=None,
    summary="已发布的认定公告（公开）",
)
@paginate(Paged, page_size=LIST_PAGE_SIZE)
def public_announcement_list(
    request: HttpRequest, filters: Query[PublicFilters]
) -> QuerySet[Announcement]:
    """The public page's list: published notices, and withdrawn ones marked with the reason."""
    return selectors.public_announcements(search=filters.q, year=filters.year)


@public_router.get(
    "/public/announcements/{pk}",
    response={200: PublicAnnouncementOut, **ERRORS},
    auth=None,
    summary="认定公告（公开）",
)
def public_announcement_detail(request: HttpRequest, pk: int) -> Announcement:
    return selectors.get_public_announcement(pk)

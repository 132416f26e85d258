"""Reads of announcements and exam plans, scoped to the reader."""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Q, QuerySet

from skillcert.batches.announcements.models import (
    Announcement,
    AnnouncementFee,
    AnnouncementStatus,
    ExamPlan,
)
from skillcert.batches.models import Batch, BatchState
from skillcert.core.accounts.models import User
from skillcert.core.accounts.permissions import require_visible_agency, visible_agencies
from skillcert.core.errors import NotFound
from skillcert.core.orgs.models import Agency

PUBLIC_STATUSES = (AnnouncementStatus.PUBLISHED, AnnouncementStatus.WITHDRAWN)


def announcements_of(
    *, actor: User, agency: Agency, search: str = "", status: str = "", period_kind: str = ""
) -> QuerySet[Announcement]:
    require_visible_agency(actor, agency)
    rows = Announcement.objects.filter(agency=agency).prefetch_related("batches")
    if search:
        rows = rows.filter(
            Q(title__icontains=search)
            | Q(number__icontains=search)
            | Q(batches__code__icontains=search)
        ).distinct()
    if status:
        rows = rows.filter(status=status)
    if period_kind:
        rows = rows.filter(period_kind=period_kind)
    return rows.select_related("published_by").order_by("-created_at", "-id")


def get_announcement(actor: User, pk: int) -> Announcement:
    """An announcement the actor's agency owns or supervises; anyone else's is not found."""
    announcement = (
        Announcement.objects.select_related("agency", "published_by", "withdrawn_by")
        .filter(pk=pk, agency__in=visible_agencies(actor))
        .first()
    )
    if announcement is None:
        raise NotFound("未找到该公告，或您无权查看。")
    return announcement


def public_announcements(*, search: str = "", year: int | None = None) -> QuerySet[Announcement]:
    rows = Announcement.objects.filter(status__in=PUBLIC_STATUSES).select_related("agency")
    if search:
        rows = rows.filter(Q(title__icontains=search) | Q(agency__name__icontains=search))
    if year:
        rows = rows.filter(published_at__year=year)
    return rows.order_by("-published_at", "-id")


def get_public_announcement(pk: int) -> Announcement:
    announcement = Announcement.objects.filter(pk=pk, status__in=PUBLIC_STATUSES).first()
    if announcement is None:
        raise NotFound("未找到该公告。")
    return announcement


# 细则第三条: registration runs after the announcement and until the data report.
SIGNUP_BATCH_STATES = (BatchState.ANNOUNCED, BatchState.PLANNED)


def signup_batches(announcement: Announcement, *, on: date) -> list[Batch]:
    """The batches of a published announcement taking online registrations on ``on`` (within
    the registration period it states), for the public page's 网上报名 link."""
    if announcement.status != AnnouncementStatus.PUBLISHED:
        return []
    start, end = announcement.registration_start, announcement.registration_end
    if start is None or end is None or not (start <= on <= end):
        return []
    return list(
        announcement.batches.filter(state__in=SIGNUP_BATCH_STATES).order_by("first_exam_day")
    )


def draft_batches_of(agency: Agency) -> QuerySet[Batch]:
    return Batch.objects.filter(agency=agency, state=BatchState.DRAFT).order_by(
        "first_exam_day", "code"
    )


def plans_visible_to(
    actor: User,
    *,
    agency_id: int | None = None,
    search: str = "",
    exam_from: datetime | None = None,
    exam_until: datetime | None = None,
) -> QuerySet[ExamPlan]:
    """Published plans of the agencies the actor sees: their own, or their city / the province."""
    rows = ExamPlan.objects.filter(batch__agency__in=visible_agencies(actor)).select_related(
        "batch__agency", "published_by"
    )
    if agency_id:
        rows = rows.filter(batch__agency_id=agency_id)
    if search:
        rows = rows.filter(
            Q(batch__code__icontains=search)
            | Q(batch__name__icontains=search)
            | Q(batch__agency__name__icontains=search)
        )
    if exam_from:
        rows = rows.filter(batch__first_exam_day__gte=exam_from)
    if exam_until:
        rows = rows.filter(batch__first_exam_day__lte=exam_until)
    return rows.order_by("batch__first_exam_day", "batch__code")


def get_plan(actor: User, pk: int) -> ExamPlan:
    plan = (
        ExamPlan.objects.select_related("batch__agency", "published_by")
        .filter(pk=pk, batch__agency__in=visible_agencies(actor))
        .first()
    )
    if plan is None:
        raise NotFound("未找到该考试计划，或您无权查看。")
    return plan


def batches_awaiting_plan(agency: Agency) -> QuerySet[Batch]:
    return Batch.objects.filter(
        agency=agency, state=BatchState.ANNOUNCED, exam_plan__isnull=True
    ).order_by("first_exam_day", "code")


def get_own_batch(actor: User, agency: Agency | None, pk: int) -> Batch:
    """A batch of the actor's acting agency; any other is not found."""
    batch = Batch.objects.select_related("agency").filter(pk=pk).first()
    if batch is None or agency is None or batch.agency_id != agency.pk:
        raise NotFound("未找到该批次，或您无权查看。")
    require_visible_agency(actor, batch.agency)
    return batch


def batches_of(announcement: Announcement) -> list[Batch]:
    """The batches an announcement covers, by first exam day."""
    return list(announcement.batches.order_by("first_exam_day", "code"))


def fees_of(announcement: Announcement) -> QuerySet[AnnouncementFee]:
    return announcement.fees.select_related(
        "standard_level__standard__occupation", "standard_level__standard__trade"
    )


def plan_agencies(actor: User) -> QuerySet[Agency]:
    """The agencies whose plans the actor may filter by."""
    return visible_agencies(actor)


def sees_several_agencies(actor: User) -> bool:
    """Whether the plan list should name each plan's agency."""
    return plan_agencies(actor).count() > 1

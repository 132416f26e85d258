"""Navigation, audit labels, the announcement and plan steps' completion, and home-page to-dos."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from django.urls import reverse

from skillcert.batches.announcements.models import Announcement, AnnouncementStatus, ExamPlan
from skillcert.batches.announcements.selectors import batches_awaiting_plan
from skillcert.batches.announcements.services import missing_for_publication
from skillcert.batches.deadlines import Step, register_step_completion
from skillcert.batches.models import Batch
from skillcert.core.accounts.models import Role
from skillcert.core.accounts.roles import BATCH_TEAM, SIGNERS
from skillcert.core.audit.actions import register_action_labels
from skillcert.core.ui.navigation import NavItem, register_nav_item
from skillcert.core.ui.todo import TodoItem, register_todo_provider

register_nav_item(NavItem("认定公告", "announcements:list", roles=BATCH_TEAM, order=22))
register_nav_item(
    NavItem(
        "考试计划",
        "announcements:plans",
        roles=BATCH_TEAM | {Role.PROVINCIAL_SUPERVISOR, Role.CITY_SUPERVISOR},
        order=24,
    )
)

register_action_labels(
    {
        "announcement.create": "创建认定公告草稿",
        "announcement.update": "修改认定公告草稿",
        "announcement.publish": "发布认定公告",
        "announcement.withdraw": "撤回认定公告",
        "announcement.delete_draft": "删除认定公告草稿",
        "exam_plan.publish": "发布考试计划",
    }
)


def _announced_at(batch: Batch) -> datetime | None:
    # 细则第一条: the step is done when a published (not withdrawn) notice covers the batch.
    return (
        Announcement.objects.filter(batches=batch, status=AnnouncementStatus.PUBLISHED)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )


def _announced_at_many(batches: Sequence[Batch]) -> dict[int, datetime | None]:
    found: dict[int, datetime | None] = {}
    covered = Announcement.batches.through.objects.filter(
        batch_id__in=[b.pk for b in batches], announcement__status=AnnouncementStatus.PUBLISHED
    ).values_list("batch_id", "announcement__published_at")
    for batch_id, published_at in covered:
        earlier = found.get(batch_id)
        if earlier is None or published_at < earlier:
            found[batch_id] = published_at
    return found


def _planned_at(batch: Batch) -> datetime | None:
    return ExamPlan.objects.filter(batch=batch).values_list("published_at", flat=True).first()


def _planned_at_many(batches: Sequence[Batch]) -> dict[int, datetime | None]:
    return dict(
        ExamPlan.objects.filter(batch__in=[b.pk for b in batches]).values_list(
            "batch_id", "published_at"
        )
    )


def register_completions() -> None:
    """Tell the deadlines module when a batch's announcement and plan steps were done.

    The registry is process-wide; tests that swap a step's function call this to put ours back.
    """
    register_step_completion(Step.ANNOUNCEMENT, _announced_at, many=_announced_at_many)
    register_step_completion(Step.PLAN, _planned_at, many=_planned_at_many)


register_completions()


@register_todo_provider(roles=BATCH_TEAM)
def plans_to_publish(user: Any, membership: Any) -> Iterator[TodoItem]:
    agency = getattr(membership, "agency", None)
    if agency is None:
        return
    count = batches_awaiting_plan(agency).count()
    if count:
        yield TodoItem(
            title="已公告批次待发布考试计划",
            detail="细则第二条：考试计划须在认定前规定的工作日数之前发布，期限见各批次时间线。",
            url=reverse("announcements:plans"),
            count=count,
        )


@register_todo_provider(roles=frozenset(SIGNERS))
def announcements_to_publish(user: Any, membership: Any) -> Iterator[TodoItem]:
    """细则第一条: a draft with everything the notice must state waits only for the lead (or the
    agency head) to publish it; staff draft, but cannot publish."""
    agency = getattr(membership, "agency", None)
    if agency is None:
        return
    drafts = Announcement.objects.filter(agency=agency, status=AnnouncementStatus.DRAFT)
    ready = [a for a in drafts.order_by("created_at", "pk") if not missing_for_publication(a)]
    if len(ready) == 1:
        yield TodoItem(
            title="认定公告待发布",
            detail=f"“{ready[0].title}”已填写完整，请核对后发布（细则第一条）。",
            url=reverse("announcements:detail", args=[ready[0].pk]),
            level="warning",
        )
    elif ready:
        yield TodoItem(
            title="认定公告待发布",
            detail="以下草稿已填写完整，请核对后发布（细则第一条）。",
            url=reverse("announcements:list") + "?status=draft",
            count=len(ready),
            level="warning",
        )

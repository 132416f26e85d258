"""Batches' audit labels, navigation entries, supervisors' to-dos and the step completions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from skillcert.batches.deadlines import LATE, Step, register_step_completion
from skillcert.batches.selectors import (
    deadline_risks,
    pending_changes_for,
    sealing_done_at,
    sealings_done_at,
)
from skillcert.core.accounts.roles import AGENCY_OFFICE, SUPERVISORS
from skillcert.core.audit.actions import register_action_labels
from skillcert.core.ui.navigation import NavItem, register_nav_item
from skillcert.core.ui.todo import TodoItem, register_todo_provider

register_step_completion(Step.SEALING, sealing_done_at, many=sealings_done_at)

register_nav_item(NavItem("认定批次", "batches:list", roles=AGENCY_OFFICE | SUPERVISORS, order=30))
register_nav_item(NavItem("考点与考场", "batches:site_list", roles=AGENCY_OFFICE, order=31))
register_nav_item(NavItem("时限风险", "batches:risks", roles=SUPERVISORS, order=32))
register_nav_item(NavItem("考务变更审批", "batches:change_queue", roles=SUPERVISORS, order=33))

register_action_labels(
    {
        "batch.create": "创建认定批次",
        "batch.update": "修改认定批次",
        "batch.transition": "批次状态变更",
        "batch.deadline_exception": "准予时限例外",
        "batch.level_add": "批次添加职业等级",
        "batch.level_remove": "批次移除职业等级",
        "batch.session_add": "添加场次",
        "batch.session_update": "修改场次",
        "batch.session_remove": "删除场次",
        "batch.change_request": "申请考务变更",
        "batch.change_approve": "同意考务变更",
        "batch.change_reject": "不同意考务变更",
        "batch.change_withdraw": "撤回考务变更申请",
        "batch.readiness_tick": "确认考场准备事项",
        "batch.readiness_untick": "撤销考场准备确认",
        "batch.room_seal": "考场封场",
        "batch.room_unseal": "考场启封",
        "batches.site_create": "新增考点",
        "batches.site_update": "修改考点",
        "batches.site_deactivate": "停用考点",
        "batches.room_create": "新增考场",
        "batches.room_update": "修改考场",
        "batches.room_deactivate": "停用考场",
    }
)


@register_todo_provider(roles=SUPERVISORS)
def changes_to_decide(user: Any, membership: Any) -> Iterator[TodoItem]:
    # 细则第十条: a change waits on the supervising centre, and must be decided before D.
    pending = pending_changes_for(user)
    count = pending.count()
    if count:
        first = pending.first()
        yield TodoItem(
            title="考务变更申请待审批",
            detail="细则第十条：考试时间、地点变更及增加场次、职业等级须在认定前经监管部门同意。",
            url=reverse("batches:change_queue"),
            count=count,
            # Decided before D (认定前), so the last day is the one before the first exam day.
            due=first.batch.first_exam_day - timedelta(days=1) if first else None,
            level="warning",
        )


@register_todo_provider(roles=SUPERVISORS)
def late_steps_to_decide(user: Any, membership: Any) -> Iterator[TodoItem]:
    # A late step is refused with "请向市鉴定中心申请例外": the agency's way on waits on a
    # supervisor's exception (or refusal), so the batches concerned are listed here.
    rows = [
        row
        for row in deadline_risks(user, today=timezone.localdate())
        if any(step.status == LATE for step in row.steps)
    ]
    if rows:
        yield TodoItem(
            title="批次环节已逾期，待决定是否准予例外",
            detail="逾期的操作会被拒绝；确需补办的，由监管员在批次页准予例外并填写理由。",
            url=reverse("batches:risks"),
            count=len(rows),
            level="urgent",
        )

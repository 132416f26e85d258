"""The state machine of a batch: the table ``TRANSITIONS`` and the one way a state moves.

``transition_batch`` is the only way a batch's state moves, so each move is checked and audited in
one place; a state that a step's own service reaches (the announcement, the plan, sealing) is not
set by hand before that step is done.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from skillcert.batches.deadlines import Step, has_step_completion, step_done_at
from skillcert.batches.errors import InvalidInput
from skillcert.batches.models import Batch, BatchState
from skillcert.core import audit
from skillcert.core.accounts.models import User
from skillcert.core.accounts.permissions import require_role, require_visible_agency
from skillcert.core.accounts.roles import BATCH_TEAM, SIGNERS
from skillcert.core.errors import IllegalTransition

S = BatchState

# The life of a batch, in the order of the rules (细则第一条 to 第十八条). A batch may be
# cancelled at any point before its exams start; once candidates have sat, it must be finished.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.ANNOUNCED, S.CANCELLED}),
    # Back to planning when its announcement is withdrawn (细则第一条: a new notice must follow).
    S.ANNOUNCED: frozenset({S.DRAFT, S.PLANNED, S.CANCELLED}),
    S.PLANNED: frozenset({S.REPORTED, S.CANCELLED}),
    S.REPORTED: frozenset({S.ARRANGED, S.CANCELLED}),
    S.ARRANGED: frozenset({S.SEALED, S.CANCELLED}),
    S.SEALED: frozenset({S.IN_PROGRESS, S.CANCELLED}),
    S.IN_PROGRESS: frozenset({S.SCORING}),
    S.SCORING: frozenset({S.PUBLICITY}),
    S.PUBLICITY: frozenset({S.SUBMITTED}),
    S.SUBMITTED: frozenset({S.CERTIFIED}),
    S.CERTIFIED: frozenset({S.ARCHIVED}),
    S.ARCHIVED: frozenset(),
    S.CANCELLED: frozenset(),
}


def allowed_transitions(batch: Batch) -> list[BatchState]:
    return [BatchState(s) for s in BatchState.values if s in TRANSITIONS[batch.state]]


def manual_transitions(batch: Batch) -> list[BatchState]:
    """The moves a person may make by hand on the batch page: not into a state that a step's own
    service reaches (the announcement, the plan, sealing), unless that step is already done."""
    result = []
    for state in allowed_transitions(batch):
        gate = STATE_STEPS.get(state)
        if gate and has_step_completion(gate[0]) and step_done_at(batch, gate[0]) is None:
            continue
        if state == S.DRAFT and _still_announced(batch):
            continue
        result.append(state)
    return result


def _still_announced(batch: Batch) -> bool:
    return has_step_completion(Step.ANNOUNCEMENT) and (
        step_done_at(batch, Step.ANNOUNCEMENT) is not None
    )


# Entering these states means the step was carried out, by the service that carries it out
# (publishing the announcement or the plan, sealing every room). Once an app registers the step's
# completion, the state cannot be set by hand without it.
STATE_STEPS: dict[BatchState, tuple[Step, str]] = {
    S.ANNOUNCED: (Step.ANNOUNCEMENT, "请在“认定公告”中发布覆盖本批次的公告（细则第一条）"),
    S.PLANNED: (Step.PLAN, "请发布本批次的考试计划（细则第二条）"),
    S.REPORTED: (Step.DATA_REPORT, "请先上报考生数据并公示（细则第五条）"),
    S.ARRANGED: (Step.ARRANGEMENT, "请先完成考场、考务编排并发放准考证（细则第六条）"),
    S.SEALED: (
        Step.SEALING,
        "本批次场次所用的考场须全部完成准备确认并封场（细则第九条），请在“考场准备与封场”页办理",
    ),
}


def _require_step_done(batch: Batch, to: BatchState) -> None:
    if to not in STATE_STEPS:
        return
    step, how = STATE_STEPS[to]
    if not has_step_completion(step):
        return  # the app that carries this step out is not built yet
    if step_done_at(batch, step) is None:
        raise IllegalTransition(
            f"批次“{batch.code}”尚未完成“{step.label}”，不能变更为“{to.label}”。{how}。"
        )


@transaction.atomic
def transition_batch(*, actor: User, batch: Batch, to: BatchState, reason: str = "") -> Batch:
    """Move the batch to ``to`` if the table allows it from its current state; audited."""
    require_visible_agency(actor, batch.agency)
    to = BatchState(to)
    batch = Batch.objects.select_for_update().get(pk=batch.pk)
    if to == S.CANCELLED:
        require_role(actor, batch.agency, *SIGNERS)
        if not reason.strip():
            raise InvalidInput("取消批次须填写原因。", field="reason", code="reason_required")
    else:
        require_role(actor, batch.agency, *BATCH_TEAM)
    current = BatchState(batch.state)
    if to.value not in TRANSITIONS[current]:
        allowed = "、".join(f"“{s.label}”" for s in allowed_transitions(batch)) or "无"
        raise IllegalTransition(
            f"批次“{batch.code}”当前状态为“{current.label}”，不能变更为“{to.label}”。"
            f"当前可变更为：{allowed}。"
        )
    _require_step_done(batch, to)
    if to == S.DRAFT and _still_announced(batch):
        # Withdrawing the notice moves the batch back itself; by hand this only rescues a batch
        # that a withdrawal made before it did so left announced.
        raise IllegalTransition(
            f"批次“{batch.code}”仍在已发布的认定公告中，不能退回草稿。"
            "请先撤回该公告，撤回后批次自动退回草稿（细则第一条）。"
        )
    batch.state = to
    batch.state_changed_at = timezone.now()
    batch.save(update_fields=["state", "state_changed_at"])
    changes: dict[str, object] = {"state": [current.value, to.value]}
    if reason:
        changes["reason"] = reason
    audit.record(actor=actor, action="batch.transition", obj=batch, changes=changes)
    return batch

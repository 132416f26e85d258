"""Every change to a batch: its state, its levels and sessions, and deadline exceptions.

The state machine is the table ``TRANSITIONS`` below; ``transition_batch`` is the only way a
batch's state moves, so each move is checked and audited in one place. Sites and rooms are in
``site_services``, time/place changes after the announcement in ``changes`` (细则第十条), and
readiness and sealing in ``readiness`` (细则第八条、第九条).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from skillcert.batches.access import BATCH_PLANNERS, require_supervisor_of
from skillcert.batches.deadline_rules import RULES_BY_STEP
from skillcert.batches.deadlines import Step
from skillcert.batches.errors import InvalidInput
from skillcert.batches.models import Batch, BatchState, DeadlineException
from skillcert.core import audit
from skillcert.core.accounts.models import Role, User
from skillcert.core.accounts.permissions import require_role, require_visible_agency
from skillcert.core.errors import IllegalTransition

S = BatchState

# The life of a batch, in the order of the rules (细则第一条 to 第十八条). A batch may be
# cancelled at any point before its exams start; once candidates have sat, it must be finished.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.ANNOUNCED, S.CANCELLED}),
    S.ANNOUNCED: frozenset({S.PLANNED, S.CANCELLED}),
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

# Who moves a batch: the agency's exam-affairs people; cancelling is for the lead or the head.
_MOVERS = (Role.EXAM_AFFAIRS_LEAD, Role.EXAM_AFFAIRS_STAFF, Role.AGENCY_HEAD)
_CANCELLERS = (Role.EXAM_AFFAIRS_LEAD, Role.AGENCY_HEAD)

# States before which a batch's plan is still its own business: afterwards time and place change
# only through an approved change request (细则第十条).
EDITABLE_STATES = frozenset({S.DRAFT})


def allowed_transitions(batch: Batch) -> list[BatchState]:
    return [BatchState(s) for s in BatchState.values if s in TRANSITIONS[batch.state]]


@transaction.atomic
def transition_batch(*, actor: User, batch: Batch, to: BatchState, reason: str = "") -> Batch:
    """Move the batch to ``to`` if the table allows it from its current state; audited."""
    require_visible_agency(actor, batch.agency)
    to = BatchState(to)
    batch = Batch.objects.select_for_update().get(pk=batch.pk)
    if to == S.CANCELLED:
        require_role(actor, batch.agency, *_CANCELLERS)
        if not reason.strip():
            raise InvalidInput("取消批次须填写原因。", field="reason", code="reason_required")
    else:
        require_role(actor, batch.agency, *_MOVERS)
    current = BatchState(batch.state)
    if to.value not in TRANSITIONS[current]:
        allowed = "、".join(f"“{s.label}”" for s in allowed_transitions(batch)) or "无"
        raise IllegalTransition(
            f"批次“{batch.code}”当前状态为“{current.label}”，不能变更为“{to.label}”。"
            f"当前可变更为：{allowed}。"
        )
    batch.state = to
    batch.state_changed_at = timezone.now()
    batch.save(update_fields=["state", "state_changed_at"])
    changes: dict[str, object] = {"state": [current.value, to.value]}
    if reason:
        changes["reason"] = reason
    audit.record(actor=actor, action="batch.transition", obj=batch, changes=changes)
    return batch


@transaction.atomic
def grant_deadline_exception(
    *, actor: User, batch: Batch, step: Step | str, reason: str, valid_until: date | None = None
) -> DeadlineException:
    """Allow one step of one batch after its deadline: the supervising centre's recorded consent."""
    require_supervisor_of(actor, batch.agency)
    step = Step(step)
    if not RULES_BY_STEP[step.value].binding:
        raise InvalidInput(f"“{step.label}”没有截止时限，无需例外。", field="step")
    reason = reason.strip()
    if not reason:
        raise InvalidInput("请填写准予例外的理由。", field="reason", code="reason_required")
    exception = DeadlineException.objects.create(
        batch=batch, step=step.value, granted_by=actor, reason=reason, valid_until=valid_until
    )
    audit.record(
        actor=actor,
        action="batch.deadline_exception",
        obj=batch,
        changes={
            "step": step.value,
            "reason": reason,
            "valid_until": valid_until.isoformat() if valid_until else None,
        },
    )
    return exception


__all__ = [
    "BATCH_PLANNERS",
    "EDITABLE_STATES",
    "TRANSITIONS",
    "allowed_transitions",
    "grant_deadline_exception",
    "transition_batch",
]

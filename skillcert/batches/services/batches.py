"""A batch and its plan while it is a draft: its dates, its occupations and levels, and the
supervisors' deadline exceptions.

The plan is the agency's own until it is announced; afterwards time and place change only through
an approved change request (``changes``, 细则第十条).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from skillcert.batches.access import require_planner
from skillcert.batches.deadline_rules import RULES_BY_STEP
from skillcert.batches.deadlines import Step, require_planning_deadlines
from skillcert.batches.errors import InvalidInput
from skillcert.batches.models import Batch, BatchLevel, BatchState, DeadlineException
from skillcert.catalog.models import Level, Standard, StandardLevel
from skillcert.core import audit
from skillcert.core.accounts.models import User
from skillcert.core.accounts.supervision import require_supervisor_of
from skillcert.core.formats import cn_date
from skillcert.core.orgs.models import Agency
from skillcert.core.rules import pin_current_rule_set

# States before which a batch's plan is still its own business: afterwards time and place change
# only through an approved change request (细则第十条).
EDITABLE_STATES = frozenset({BatchState.DRAFT})


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


def require_editable(batch: Batch) -> None:
    """The plan is the agency's own until it is announced; afterwards only a change request moves
    a session (细则第十条), and levels are fixed by the announcement (细则第一条)."""
    if batch.state not in EDITABLE_STATES:
        raise InvalidInput(
            f"批次“{batch.code}”当前状态为“{BatchState(batch.state).label}”，"
            "不能再直接修改职业等级和场次。"
            "需增加场次、增加职业等级或变更考试时间、地点的，请在批次页提交考务变更申请，"
            "经监管部门同意后调整（细则第十条）。",
            code="batch_not_editable",
        )


def _clean_batch(
    agency: Agency,
    *,
    code: str,
    name: str,
    first_exam_day: date,
    last_exam_day: date,
    instance: Batch | None = None,
) -> dict[str, Any]:
    code, name = code.strip(), name.strip()
    if not code:
        raise InvalidInput("请填写批次编号。", field="code")
    if not name:
        raise InvalidInput("请填写批次名称。", field="name")
    if last_exam_day < first_exam_day:
        raise InvalidInput(
            f"最后考试日{cn_date(last_exam_day)}早于首个考试日{cn_date(first_exam_day)}。",
            field="last_exam_day",
        )
    clash = Batch.objects.filter(agency=agency, code=code)
    if instance is not None:
        clash = clash.exclude(pk=instance.pk)
    if clash.exists():
        raise InvalidInput(f"本机构已有编号为“{code}”的批次，请换一个编号。", field="code")
    return {
        "code": code,
        "name": name,
        "first_exam_day": first_exam_day,
        "last_exam_day": last_exam_day,
    }


@transaction.atomic
def create_batch(
    *,
    actor: User,
    agency: Agency,
    code: str,
    name: str,
    first_exam_day: date,
    last_exam_day: date,
    notes: str = "",
) -> Batch:
    """A draft batch under the rule set in force today, whose deadlines can be computed."""
    require_planner(actor, agency)
    values = _clean_batch(
        agency, code=code, name=name, first_exam_day=first_exam_day, last_exam_day=last_exam_day
    )
    batch = Batch(agency=agency, created_by=actor, notes=notes.strip(), **values)
    pin_current_rule_set(batch)
    # The pre-exam deadlines must be computable before the batch exists: a year with no holiday
    # notice raises CalendarUnavailable naming the year, instead of a batch with unknown deadlines.
    require_planning_deadlines(batch)
    batch.save()
    audit.record(
        actor=actor,
        action="batch.create",
        obj=batch,
        changes={**{k: str(v) for k, v in values.items()}, "rule_set": batch.rule_set.version},
    )
    return batch


@transaction.atomic
def update_batch(
    *,
    actor: User,
    batch: Batch,
    code: str,
    name: str,
    first_exam_day: date,
    last_exam_day: date,
    notes: str,
) -> Batch:
    """Edit a draft batch. Every field is stated, the notes too, so that leaving one out cannot
    clear it."""
    require_planner(actor, batch.agency)
    require_editable(batch)
    values = _clean_batch(
        batch.agency,
        code=code,
        name=name,
        first_exam_day=first_exam_day,
        last_exam_day=last_exam_day,
        instance=batch,
    )
    outside = batch.sessions.exclude(date__gte=first_exam_day, date__lte=last_exam_day)
    if outside.exists():
        raise InvalidInput(
            "已有场次不在新的认定日期内，请先调整或删除这些场次。", field="first_exam_day"
        )
    values["notes"] = notes.strip()
    changes = {
        k: [str(getattr(batch, k)), str(v)] for k, v in values.items() if getattr(batch, k) != v
    }
    for key, value in values.items():
        setattr(batch, key, value)
    require_planning_deadlines(batch)
    batch.save()
    if changes:
        audit.record(actor=actor, action="batch.update", obj=batch, changes=changes)
    return batch


def check_new_level(batch: Batch, *, standard: Standard, level: int) -> StandardLevel:
    """The standard's level, if the standard offers it, the agency may certify it on D and the
    batch does not have it yet; shared by planning and by a change request (细则第十条)."""
    standard_level = StandardLevel.objects.filter(standard=standard, level=level).first()
    if standard_level is None:
        offered = "、".join(
            Level(v).label
            for v in standard.levels.order_by("-level").values_list("level", flat=True)
        )
        raise InvalidInput(
            f"《{standard.title}》（{standard.edition}）未设{Level(level).label}，"
            f"该标准设有：{offered or '无'}。请选择标准所列的等级。",
            field="level",
        )
    # 细则第四条: certify only within the agency's filed scope, on the first exam day.
    from skillcert.catalog.selectors import require_in_scope

    require_in_scope(batch.agency, standard_level, on=batch.first_exam_day)
    if batch.levels.filter(standard_level=standard_level).exists():
        raise InvalidInput(f"本批次已包含“{standard_level}”。", field="level")
    return standard_level


@transaction.atomic
def add_batch_level(
    *, actor: User, batch: Batch, standard: Standard, level: int, expected_candidates: int = 0
) -> BatchLevel:
    """Add an occupation and level: one the standard offers and the agency may certify on D."""
    require_planner(actor, batch.agency)
    require_editable(batch)
    standard_level = check_new_level(batch, standard=standard, level=level)
    batch_level = BatchLevel.objects.create(
        batch=batch, standard_level=standard_level, expected_candidates=expected_candidates
    )
    audit.record(
        actor=actor,
        action="batch.level_add",
        obj=batch,
        changes={"level": str(standard_level), "expected_candidates": expected_candidates},
    )
    return batch_level


@transaction.atomic
def remove_batch_level(*, actor: User, batch_level: BatchLevel) -> None:
    batch = batch_level.batch
    require_planner(actor, batch.agency)
    require_editable(batch)
    if batch_level.sessions.exists():
        raise InvalidInput(f"“{batch_level}”下还有场次，请先删除这些场次。")
    audit.record(
        actor=actor, action="batch.level_remove", obj=batch, changes={"level": str(batch_level)}
    )
    batch_level.delete()

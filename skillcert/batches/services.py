"""Every change to a batch: its state, its levels and sessions, and deadline exceptions.

The state machine is the table ``TRANSITIONS`` below; ``transition_batch`` is the only way a
batch's state moves, so each move is checked and audited in one place. Sites and rooms are in
``site_services``, time/place changes after the announcement in ``changes`` (细则第十条), and
readiness and sealing in ``readiness`` (细则第八条、第九条).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time
from typing import Any

from django.db import transaction
from django.utils import timezone

from skillcert.batches.deadline_rules import RULES_BY_STEP
from skillcert.batches.deadlines import (
    Step,
    has_step_completion,
    require_planning_deadlines,
    step_done_at,
)
from skillcert.batches.errors import InvalidInput
from skillcert.batches.models import (
    Batch,
    BatchLevel,
    BatchState,
    DeadlineException,
    Room,
    Session,
    Site,
)
from skillcert.batches.sessions import check_session
from skillcert.catalog.models import Level, Standard, StandardLevel, Subject
from skillcert.core import audit
from skillcert.core.accounts.models import User
from skillcert.core.accounts.permissions import require_role, require_visible_agency
from skillcert.core.accounts.roles import BATCH_TEAM, EXAM_OFFICE, SIGNERS
from skillcert.core.accounts.supervision import require_supervisor_of
from skillcert.core.errors import IllegalTransition
from skillcert.core.formats import cn_date
from skillcert.core.orgs.models import Agency
from skillcert.core.rules import pin_current_rule_set

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


# States before which a batch's plan is still its own business: afterwards time and place change
# only through an approved change request (细则第十条).
EDITABLE_STATES = frozenset({S.DRAFT})


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


# --- the batch and its plan (draft only) ------------------------------------------------------


_cn = cn_date  # the one date format of every page and message


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
            f"最后考试日{_cn(last_exam_day)}早于首个考试日{_cn(first_exam_day)}。",
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
    require_role(actor, agency, *EXAM_OFFICE)
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
    notes: str = "",
) -> Batch:
    require_role(actor, batch.agency, *EXAM_OFFICE)
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
    require_role(actor, batch.agency, *EXAM_OFFICE)
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
    require_role(actor, batch.agency, *EXAM_OFFICE)
    require_editable(batch)
    if batch_level.sessions.exists():
        raise InvalidInput(f"“{batch_level}”下还有场次，请先删除这些场次。")
    audit.record(
        actor=actor, action="batch.level_remove", obj=batch, changes={"level": str(batch_level)}
    )
    batch_level.delete()


def _session_snapshot(session: Session) -> dict[str, Any]:
    return {
        "date": session.date.isoformat(),
        "start_time": session.start_time.strftime("%H:%M"),
        "end_time": session.end_time.strftime("%H:%M"),
        "site": session.site.name,
        "site_id": session.site_id,
        "rooms": [r.name for r in session.rooms.all()],
        "room_ids": [r.pk for r in session.rooms.all()],
        "expected_candidates": session.expected_candidates,
    }


@transaction.atomic
def add_session(
    *,
    actor: User,
    batch: Batch,
    batch_level: BatchLevel,
    subject: Subject,
    date: date,
    start_time: time,
    end_time: time,
    site: Site,
    rooms: Sequence[Room],
    expected_candidates: int = 0,
) -> Session:
    require_role(actor, batch.agency, *EXAM_OFFICE)
    require_editable(batch)
    session = create_session(
        batch=batch,
        batch_level=batch_level,
        subject=subject,
        date=date,
        start_time=start_time,
        end_time=end_time,
        site=site,
        rooms=rooms,
        expected_candidates=expected_candidates,
    )
    audit.record(
        actor=actor, action="batch.session_add", obj=batch, changes=_session_snapshot(session)
    )
    return session


def create_session(
    *,
    batch: Batch,
    batch_level: BatchLevel,
    subject: Subject,
    date: date,
    start_time: time,
    end_time: time,
    site: Site,
    rooms: Sequence[Room],
    expected_candidates: int = 0,
) -> Session:
    """Check and create a session; the caller has checked who acts and audits (planning directly,
    or an approved change request after the announcement)."""
    rooms = list(rooms)
    check_session(
        batch=batch,
        batch_level=batch_level,
        subject=subject,
        on=date,
        start_time=start_time,
        end_time=end_time,
        site=site,
        rooms=rooms,
        expected_candidates=expected_candidates,
    )
    session = Session.objects.create(
        batch=batch,
        batch_level=batch_level,
        subject=subject,
        date=date,
        start_time=start_time,
        end_time=end_time,
        site=site,
        expected_candidates=expected_candidates,
    )
    session.rooms.set(rooms)
    return session


@transaction.atomic
def update_session(
    *,
    actor: User,
    session: Session,
    date: date,
    start_time: time,
    end_time: time,
    site: Site,
    rooms: Sequence[Room],
    expected_candidates: int,
) -> Session:
    batch = session.batch
    require_role(actor, batch.agency, *EXAM_OFFICE)
    require_editable(batch)
    rooms = list(rooms)
    check_session(
        batch=batch,
        batch_level=session.batch_level,
        subject=session.subject,
        on=date,
        start_time=start_time,
        end_time=end_time,
        site=site,
        rooms=rooms,
        expected_candidates=expected_candidates,
        exclude=session,
    )
    before = _session_snapshot(session)
    session.date, session.start_time, session.end_time = date, start_time, end_time
    session.site, session.expected_candidates = site, expected_candidates
    session.save()
    session.rooms.set(rooms)
    audit.record(
        actor=actor,
        action="batch.session_update",
        obj=batch,
        changes={"before": before, "after": _session_snapshot(session)},
    )
    return session


@transaction.atomic
def remove_session(*, actor: User, session: Session) -> None:
    batch = session.batch
    require_role(actor, batch.agency, *EXAM_OFFICE)
    require_editable(batch)
    audit.record(
        actor=actor, action="batch.session_remove", obj=batch, changes=_session_snapshot(session)
    )
    session.delete()


__all__ = [
    "EDITABLE_STATES",
    "EXAM_OFFICE",
    "TRANSITIONS",
    "add_batch_level",
    "add_session",
    "allowed_transitions",
    "check_new_level",
    "create_batch",
    "create_session",
    "grant_deadline_exception",
    "manual_transitions",
    "remove_batch_level",
    "remove_session",
    "require_editable",
    "transition_batch",
    "update_batch",
    "update_session",
]

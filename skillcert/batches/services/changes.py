"""Changes of the plan after the announcement (细则第十条 考务变更): a session moved in time or
place, a session added for a subject that has none, or a level added.

"因客观原因导致考试时间、地点需变更的，评价机构需在认定前报认定监管部门同意后调整。调整后信息应及时
通知考生及考务人员" — so the agency requests, the supervising centre decides, and an approval both
applies the change and tells everyone affected, in one transaction. Each request tells the
supervisors who can decide it, and waits on their home page as a to-do.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from skillcert.batches.access import require_planner
from skillcert.batches.errors import ChangeRequestError, InvalidInput
from skillcert.batches.models import (
    Batch,
    BatchLevel,
    BatchState,
    ChangeKind,
    ChangeRequest,
    ChangeState,
    Session,
)
from skillcert.batches.services.batches import check_new_level
from skillcert.batches.services.sessions import (
    SessionSlot,
    check_session,
    place_session,
    session_snapshot,
)
from skillcert.catalog.models import Standard, Subject
from skillcert.core import audit
from skillcert.core.accounts.models import Membership, User
from skillcert.core.accounts.roles import BATCH_TEAM
from skillcert.core.accounts.supervision import require_supervisor_of, supervisors_of
from skillcert.core.formats import cn_date

# Before the exams start a change goes through a request; a draft batch edits its plan directly.
CHANGEABLE_STATES = frozenset(
    {BatchState.ANNOUNCED, BatchState.PLANNED, BatchState.REPORTED, BatchState.ARRANGED,
     BatchState.SEALED}
)  # fmt: skip


_cn = cn_date  # the one date format of every page and message


def affected_people(batch: Batch, batch_level: BatchLevel | None = None) -> set[User]:
    """Everyone to tell when the plan changes (细则第十条: 通知考生及考务人员).

    The agency's exam-affairs lead and staff and its head, and the candidates with an account who
    applied for the level concerned (all levels when ``batch_level`` is None). Arrangement
    (issue 7) adds the staff assigned to a session; extend this function.
    """
    from skillcert.registration.models import Application, ApplicationState

    memberships = Membership.objects.filter(
        agency_id=batch.agency_id, role__in=BATCH_TEAM, is_active=True
    ).select_related("user")
    people = {m.user for m in memberships if m.user.is_active}
    applications = Application.objects.filter(batch=batch).exclude(
        state__in=[ApplicationState.WITHDRAWN, ApplicationState.REJECTED]
    )
    if batch_level is not None:
        applications = applications.filter(batch_level=batch_level)
    candidates = User.objects.filter(
        is_active=True, pk__in=applications.values("candidate__user_id")
    )
    return people | set(candidates)


def _require_before_d(batch: Batch, *, today: date) -> None:
    if batch.state not in CHANGEABLE_STATES:
        if batch.state == BatchState.DRAFT:
            raise ChangeRequestError("批次尚未公告，可直接修改职业等级和场次，无需变更申请。")
        raise ChangeRequestError(
            f"批次“{batch.code}”当前为“{BatchState(batch.state).label}”，不能再变更考试时间、地点。"
        )
    if today >= batch.first_exam_day:
        raise ChangeRequestError(
            f"考务变更须在认定前报监管部门同意（细则第十条）。本批次已于{_cn(batch.first_exam_day)}"
            "开始认定，不能再申请变更。",
            code="change_after_d",
        )


@transaction.atomic
def request_session_change(
    *,
    actor: User,
    session: Session,
    slot: SessionSlot,
    reason: str,
    today: date | None = None,
) -> ChangeRequest:
    batch = session.batch
    require_planner(actor, batch.agency)
    _require_before_d(batch, today=today or timezone.localdate())
    reason = _reason(reason)
    if session.change_requests.filter(state=ChangeState.PENDING).exists():
        raise ChangeRequestError("该场次已有待审批的变更申请，请等待审批结果或先撤回该申请。")
    change = ChangeRequest(
        batch=batch, session=session, reason=reason, before=session_snapshot(session)
    )
    return _submit(change, actor=actor, slot=slot)


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise InvalidInput("请说明变更的客观原因（细则第十条）。", field="reason")
    return reason


@transaction.atomic
def request_session_addition(
    *,
    actor: User,
    batch: Batch,
    subject: Subject,
    slot: SessionSlot,
    reason: str,
    expected_candidates: int = 0,
    today: date | None = None,
) -> ChangeRequest:
    """Ask to add a session after the announcement, e.g. for a subject of a level that has none
    (细则第十条), so that a batch is never left without a way to complete its plan."""
    require_planner(actor, batch.agency)
    _require_before_d(batch, today=today or timezone.localdate())
    reason = _reason(reason)
    batch_level = batch.levels.filter(standard_level_id=subject.standard_level_id).first()
    if batch_level is None:
        raise InvalidInput(
            f"科目“{subject.get_kind_display()}”所属的职业等级不在本批次中。"
            "如需增加职业等级，请先提交“增加职业等级”的变更申请。",
            field="subject",
        )
    pending = batch.change_requests.filter(
        state=ChangeState.PENDING, kind=ChangeKind.ADD_SESSION, batch_level=batch_level,
        subject=subject,
    )  # fmt: skip
    if pending.exists():
        raise ChangeRequestError(
            f"“{batch_level} · {subject.get_kind_display()}”已有待审批的增加场次申请，"
            "请等待审批结果或先撤回该申请。"
        )
    change = ChangeRequest(
        batch=batch,
        kind=ChangeKind.ADD_SESSION,
        batch_level=batch_level,
        subject=subject,
        expected_candidates=expected_candidates,
        reason=reason,
    )
    return _submit(change, actor=actor, slot=slot)


@transaction.atomic
def request_level_addition(
    *,
    actor: User,
    batch: Batch,
    standard: Standard,
    level: int,
    reason: str,
    expected_candidates: int = 0,
    today: date | None = None,
) -> ChangeRequest:
    """Ask to add an occupation and level after the announcement (细则第十条). Its sessions are
    then requested one by one; the exam plan names any subject still without one."""
    require_planner(actor, batch.agency)
    _require_before_d(batch, today=today or timezone.localdate())
    reason = _reason(reason)
    standard_level = check_new_level(batch, standard=standard, level=level)
    pending = batch.change_requests.filter(
        state=ChangeState.PENDING, kind=ChangeKind.ADD_LEVEL, standard_level=standard_level
    )
    if pending.exists():
        raise ChangeRequestError(
            f"“{standard_level}”已有待审批的增加职业等级申请，请等待审批结果或先撤回该申请。"
        )
    change = ChangeRequest(
        batch=batch,
        kind=ChangeKind.ADD_LEVEL,
        standard_level=standard_level,
        expected_candidates=expected_candidates,
        reason=reason,
    )
    return _submit(change, actor=actor)


def _submit(
    change: ChangeRequest, *, actor: User, slot: SessionSlot | None = None
) -> ChangeRequest:
    """File a request that has passed its checks: a proposed session is first held to the rules
    of planning (细则第十条), then the request is saved, audited and put before the supervisors
    who decide it."""
    if slot is not None:
        session = change.session or _added_session(change)
        check_session(session, slot, expected_candidates=session.expected_candidates)
        change.date, change.start_time, change.end_time = slot.date, slot.start_time, slot.end_time
        change.site = slot.site
    change.requested_by = actor
    change.save()
    if slot is not None:
        change.rooms.set(slot.rooms)
    audit.record(
        actor=actor, action="batch.change_request", obj=change, changes=_request_facts(change)
    )
    _tell_supervisors(change)
    return change


def _added_session(change: ChangeRequest) -> Session:
    """The session an addition request proposes, not saved until it is approved."""
    return Session(
        batch=change.batch,
        batch_level=change.batch_level,
        subject=change.subject,
        expected_candidates=change.expected_candidates,
    )


def _proposed_slot(change: ChangeRequest) -> SessionSlot:
    rooms = change.rooms.all()
    return SessionSlot(change.date, change.start_time, change.end_time, change.site, rooms)


def _request_facts(change: ChangeRequest) -> dict[str, object]:
    if change.kind == ChangeKind.MOVE_SESSION:
        return {"session": change.session_id, "reason": change.reason, "after": _proposed(change)}
    if change.kind == ChangeKind.ADD_SESSION:
        return {"kind": change.kind, "reason": change.reason, "after": _proposed(change)}
    return {"kind": change.kind, "reason": change.reason, "level": str(change.standard_level)}


def _tell_supervisors(change: ChangeRequest) -> None:
    batch = change.batch
    notify(
        recipients=supervisors_of(batch.agency),
        title=f"考务变更申请待审批：{batch.agency.name}",
        body=(
            f"批次“{batch.code} {batch.name}”（首个考试日{_cn(batch.first_exam_day)}）申请"
            f"{change.get_kind_display()}：{change.subject_label}。变更原因：{change.reason}。"
            "请在认定前审批（细则第十条）。"
        ),
        url=reverse("batches:change_detail", args=[change.pk]),
        channels=("in_app",),
        idempotency_key=f"batch-change-{change.pk}-requested",
    )


def _proposed(change: ChangeRequest) -> dict[str, object]:
    if change.kind == ChangeKind.ADD_LEVEL:
        return {"level": str(change.standard_level), "expected": change.expected_candidates}
    return {
        "date": change.date.isoformat(),
        "start_time": change.start_time.strftime("%H:%M"),
        "end_time": change.end_time.strftime("%H:%M"),
        "site": change.site.name,
        "rooms": [r.name for r in change.rooms.all()],
    }


def _place(values: dict[str, object], on: date) -> str:
    rooms = "、".join(values["rooms"])  # type: ignore[arg-type]
    return f"{_cn(on)} {values['start_time']}–{values['end_time']}，{values['site']} {rooms}"


def _lock_pending(change: ChangeRequest) -> ChangeRequest:
    change = ChangeRequest.objects.select_for_update().select_related("batch").get(pk=change.pk)
    if change.state != ChangeState.PENDING:
        raise ChangeRequestError(
            f"该变更申请的状态为“{ChangeState(change.state).label}”，不能再处理。",
            code="change_decided",
        )
    return change


@transaction.atomic
def approve_change(
    *, actor: User, change: ChangeRequest, note: str = "", today: date | None = None
) -> ChangeRequest:
    """Apply the change to the plan, keep the request as its history, and tell everyone."""
    require_supervisor_of(actor, change.batch.agency)
    change = _lock_pending(change)
    batch = Batch.objects.select_for_update().get(pk=change.batch_id)
    _require_before_d(batch, today=today or timezone.localdate())
    if change.kind == ChangeKind.ADD_LEVEL:
        # The scope may have lapsed or the level been added since the request: check again.
        standard_level = check_new_level(
            batch, standard=change.standard_level.standard, level=change.standard_level.level
        )
        batch_level = BatchLevel.objects.create(
            batch=batch, standard_level=standard_level,
            expected_candidates=change.expected_candidates,
        )  # fmt: skip
        what = f"增加职业等级“{standard_level}”，预计{change.expected_candidates}人"
    elif change.kind == ChangeKind.ADD_SESSION:
        batch_level = change.batch_level
        # The room may have been taken since the request: check again against today's plan.
        place_session(
            _added_session(change),
            _proposed_slot(change),
            expected_candidates=change.expected_candidates,
        )
        what = (
            f"“{batch_level} · {change.subject.get_kind_display()}”增加场次："
            f"{_place(_proposed(change), change.date)}"
        )
    else:
        session = _apply_move(change)
        batch_level = session.batch_level
        what = (
            f"“{session.batch_level} · {session.subject.get_kind_display()}”场次变更："
            f"原定{_place(change.before, change.before_date)}；"
            f"现改为{_place(_proposed(change), change.date)}"
        )
    note = note.strip()
    facts = {"kind": change.kind, "before": change.before, "after": _proposed(change), "note": note}
    _decide(change, actor=actor, state=ChangeState.APPROVED, note=note, facts=facts)
    notify(
        recipients=affected_people(batch, batch_level),
        title=f"考务变更：{batch.name}",
        body=f"经监管部门同意（细则第十条），{what}。变更原因：{change.reason}",
        url=reverse("batches:detail", args=[batch.pk]),
        idempotency_key=f"batch-change-{change.pk}",
    )
    return change


def _apply_move(change: ChangeRequest) -> Session:
    session = Session.objects.select_for_update().get(pk=change.session_id)
    # The room may have been taken since the request: check again against today's plan.
    return place_session(
        session, _proposed_slot(change), expected_candidates=session.expected_candidates
    )


@transaction.atomic
def reject_change(*, actor: User, change: ChangeRequest, note: str) -> ChangeRequest:
    require_supervisor_of(actor, change.batch.agency)
    note = note.strip()
    if not note:
        raise InvalidInput(
            "不同意变更时须填写意见，说明理由，以便机构改正或另行安排。", field="note"
        )
    change = _lock_pending(change)
    _decide(change, actor=actor, state=ChangeState.REJECTED, note=note, facts={"note": note})
    notify(
        recipients=[change.requested_by],
        title=f"考务变更未获同意：{change.batch.name}",
        body=f"监管部门意见：{note}",
        url=reverse("batches:detail", args=[change.batch_id]),
        idempotency_key=f"batch-change-{change.pk}-rejected",
    )
    return change


@transaction.atomic
def withdraw_change(*, actor: User, change: ChangeRequest) -> ChangeRequest:
    require_planner(actor, change.batch.agency)
    change = _lock_pending(change)
    _decide(change, actor=actor, state=ChangeState.WITHDRAWN)
    return change


# The audit action of each decision on a pending request.
_DECISION_ACTIONS = {
    ChangeState.APPROVED: "batch.change_approve",
    ChangeState.REJECTED: "batch.change_reject",
    ChangeState.WITHDRAWN: "batch.change_withdraw",
}


def _decide(
    change: ChangeRequest,
    *,
    actor: User,
    state: ChangeState,
    note: str | None = None,
    facts: dict[str, object] | None = None,
) -> None:
    """Close a pending request (locked by the caller) and audit who closed it and how."""
    change.state = state
    change.decided_by, change.decided_at = actor, timezone.now()
    if note is not None:
        change.decision_note = note
    change.save()
    audit.record(actor=actor, action=_DECISION_ACTIONS[state], obj=change, changes=facts)


def notify(**kwargs: object) -> int:
    from skillcert.core.notifications.services import notify as _notify

    return _notify(**kwargs)  # type: ignore[arg-type]

"""Changes of a session's time or place after the announcement (细则第十条 考务变更).

"因客观原因导致考试时间、地点需变更的，评价机构需在认定前报认定监管部门同意后调整。调整后信息应及时
通知考生及考务人员" — so the agency requests, the supervising centre decides, and an approval both
applies the change and tells everyone affected, in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from skillcert.batches.access import BATCH_PLANNERS, require_supervisor_of
from skillcert.batches.errors import ChangeRequestError, InvalidInput
from skillcert.batches.models import BatchState, ChangeRequest, ChangeState, Room, Session, Site
from skillcert.batches.services import _session_snapshot
from skillcert.batches.sessions import check_session
from skillcert.core import audit
from skillcert.core.accounts.models import Membership, Role, User
from skillcert.core.accounts.permissions import require_role
from skillcert.core.ui.formats import cn_date

# Before the exams start a change goes through a request; a draft batch edits its plan directly.
_CHANGEABLE_STATES = frozenset(
    {BatchState.ANNOUNCED, BatchState.PLANNED, BatchState.REPORTED, BatchState.ARRANGED,
     BatchState.SEALED}
)  # fmt: skip
# Staff told of every change until staff are assigned to sessions (issue 7).
_INFORMED_ROLES = (Role.EXAM_AFFAIRS_LEAD, Role.EXAM_AFFAIRS_STAFF, Role.AGENCY_HEAD)


_cn = cn_date  # the one date format of every page and message


def affected_people(session: Session) -> set[User]:
    """Everyone to tell when a session moves (细则第十条: 通知考生及考务人员).

    Today: the agency's exam-affairs lead and staff and its head. Registration (issue 6) adds the
    session's candidates and arrangement (issue 7) the staff assigned to it; extend this function.
    """
    memberships = Membership.objects.filter(
        agency_id=session.batch.agency_id, role__in=_INFORMED_ROLES, is_active=True
    ).select_related("user")
    return {m.user for m in memberships if m.user.is_active}


def _require_before_d(session: Session, *, today: date) -> None:
    batch = session.batch
    if batch.state not in _CHANGEABLE_STATES:
        if batch.state == BatchState.DRAFT:
            raise ChangeRequestError("批次尚未公告，可直接修改场次，无需变更申请。")
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
    date: date,
    start_time: time,
    end_time: time,
    site: Site,
    rooms: Sequence[Room],
    reason: str,
    today: date | None = None,
) -> ChangeRequest:
    batch = session.batch
    require_role(actor, batch.agency, *BATCH_PLANNERS)
    _require_before_d(session, today=today or timezone.localdate())
    reason = reason.strip()
    if not reason:
        raise InvalidInput("请说明变更的客观原因（细则第十条）。", field="reason")
    if session.change_requests.filter(state=ChangeState.PENDING).exists():
        raise ChangeRequestError("该场次已有待审批的变更申请，请等待审批结果或先撤回该申请。")
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
        expected_candidates=session.expected_candidates,
        exclude=session,
    )
    change = ChangeRequest.objects.create(
        batch=batch,
        session=session,
        date=date,
        start_time=start_time,
        end_time=end_time,
        site=site,
        reason=reason,
        requested_by=actor,
        before=_session_snapshot(session),
    )
    change.rooms.set(rooms)
    audit.record(
        actor=actor,
        action="batch.change_request",
        obj=change,
        changes={"session": session.pk, "reason": reason, "after": _proposed(change)},
    )
    return change


def _proposed(change: ChangeRequest) -> dict[str, object]:
    return {
        "date": change.date.isoformat(),
        "start_time": change.start_time.strftime("%H:%M"),
        "end_time": change.end_time.strftime("%H:%M"),
        "site": change.site.name,
        "rooms": [r.name for r in change.rooms.all()],
    }


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
    """Apply the change to the session, keep the request as its history, and tell everyone."""
    require_supervisor_of(actor, change.batch.agency)
    change = _lock_pending(change)
    session = Session.objects.select_for_update().get(pk=change.session_id)
    _require_before_d(session, today=today or timezone.localdate())
    rooms = list(change.rooms.all())
    # The room may have been taken since the request: check again against today's plan.
    check_session(
        batch=session.batch,
        batch_level=session.batch_level,
        subject=session.subject,
        on=change.date,
        start_time=change.start_time,
        end_time=change.end_time,
        site=change.site,
        rooms=rooms,
        expected_candidates=session.expected_candidates,
        exclude=session,
    )
    session.date, session.start_time, session.end_time = (
        change.date,
        change.start_time,
        change.end_time,
    )
    session.site = change.site
    session.save()
    session.rooms.set(rooms)
    change.state = ChangeState.APPROVED
    change.decided_by, change.decided_at = actor, timezone.now()
    change.decision_note = note.strip()
    change.save()
    after = _proposed(change)
    audit.record(
        actor=actor,
        action="batch.change_approve",
        obj=change,
        changes={"before": change.before, "after": after, "note": change.decision_note},
    )
    before = change.before
    notify(
        recipients=affected_people(session),
        title=f"考试时间地点变更：{session.batch.name}",
        body=(
            f"“{session.subject.get_kind_display()}”场次已经监管部门同意变更（细则第十条）："
            f"原定{_cn(change.before_date)} {before['start_time']}–{before['end_time']}，"
            f"{before['site']} {'、'.join(before['rooms'])}；"
            f"现改为{_cn(change.date)} {after['start_time']}–{after['end_time']}，"
            f"{after['site']} {'、'.join(after['rooms'])}。变更原因：{change.reason}"
        ),
        url=reverse("batches:detail", args=[session.batch_id]),
        idempotency_key=f"batch-change-{change.pk}",
    )
    return change


@transaction.atomic
def reject_change(*, actor: User, change: ChangeRequest, note: str) -> ChangeRequest:
    require_supervisor_of(actor, change.batch.agency)
    note = note.strip()
    if not note:
        raise InvalidInput(
            "不同意变更时须填写意见，说明理由，以便机构改正或另行安排。", field="note"
        )
    change = _lock_pending(change)
    change.state = ChangeState.REJECTED
    change.decided_by, change.decided_at, change.decision_note = actor, timezone.now(), note
    change.save()
    audit.record(actor=actor, action="batch.change_reject", obj=change, changes={"note": note})
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
    require_role(actor, change.batch.agency, *BATCH_PLANNERS)
    change = _lock_pending(change)
    change.state = ChangeState.WITHDRAWN
    change.decided_by, change.decided_at = actor, timezone.now()
    change.save()
    audit.record(actor=actor, action="batch.change_withdraw", obj=change)
    return change


def notify(**kwargs: object) -> int:
    from skillcert.core.notifications.services import notify as _notify

    return _notify(**kwargs)  # type: ignore[arg-type]

"""The reviewer's decisions (细则第四条: 评价机构对申报材料进行资格审核): approve when the facts
meet a clause of the level's 申报条件, refuse with a listed reason, or return for correction.
Each decision is kept with the evaluator's verdict, moves the application through the one
transition table, and tells the candidate."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from skillcert.catalog.eligibility.facts import EligibilityResult
from skillcert.catalog.models import EligibilityClause
from skillcert.catalog.selectors import level_name
from skillcert.core.accounts.models import User
from skillcert.core.errors import IllegalTransition
from skillcert.core.formats import cn_date
from skillcert.core.notifications.services import notify
from skillcert.registration import selectors
from skillcert.registration.access import require_reviewer
from skillcert.registration.errors import NotEligible, RegistrationError
from skillcert.registration.models import (
    Application,
    ApplicationState,
    Decision,
    RejectionReason,
    ReviewDecision,
)
from skillcert.registration.services.applications import REVIEW_STATES, transition_application
from skillcert.registration.services.eligibility import evaluate_application, evaluation_snapshot
from skillcert.registration.services.materials import require_materials
from skillcert.registration.services.states import require_transition

S = ApplicationState


def _for_review(actor: User, application: Application, to: str) -> Application:
    app = (
        Application.objects.select_for_update()
        .select_related("batch", "candidate", "agency")
        .get(pk=application.pk)
    )
    require_reviewer(actor, app.agency)
    require_transition(app, to)
    if app.batch.state not in REVIEW_STATES:
        raise IllegalTransition(
            f"批次当前状态为“{app.batch.get_state_display()}”，资格审核已结束（细则第五条：考生数据"
            "上报后名单以上报版本为准）。"
        )
    return app


# Each decision: the state it moves the application to, and the audit action of that move.
_DECISIONS = {
    Decision.APPROVED: (S.APPROVED, "registration.approve_application"),
    Decision.REJECTED: (S.REJECTED, "registration.reject_application"),
    Decision.RETURNED: (S.RETURNED, "registration.return_application"),
}


def _decide(
    *,
    actor: User,
    app: Application,
    decision: Decision,
    result: EligibilityResult,
    note: str,
    changes: dict[str, object],
    title: str,
    body: str,
    clause: EligibilityClause | None = None,
    reason: RejectionReason | None = None,
) -> None:
    """Keep the decision with the evaluator's verdict, move the application through the
    transition table (which audits the move), and tell the candidate."""
    to, action = _DECISIONS[decision]
    kept = ReviewDecision.objects.create(
        application=app,
        decision=decision,
        reason=reason,
        note=note,
        clause=clause,
        evaluation=evaluation_snapshot(result),
        decided_by=actor,
    )
    transition_application(actor=actor, application=app, to=to, action=action, changes=changes)
    _notify_candidate(app, kept, title, body)


def _notify_candidate(app: Application, decision: ReviewDecision, title: str, body: str) -> None:
    user = app.candidate.user
    if user is None:
        return  # a window-registered person without an account is told at the window
    try:
        url = reverse("registration:my_application", args=[app.pk])
    except NoReverseMatch:
        url = ""
    notify(
        recipients=[user],
        title=title,
        body=body,
        url=url,
        idempotency_key=f"registration.decision.{decision.pk}",
    )


def _describe_missing(result: EligibilityResult) -> str:
    parts = []
    for c in result.clauses:
        missing = "；".join(m for m in c.missing if m)
        parts.append(f"第{c.ordinal}项：{missing or '未满足'}")
    return "。".join(parts)


@transaction.atomic
def approve_application(
    *,
    actor: User,
    application: Application,
    clause: EligibilityClause | None = None,
    note: str = "",
    today: date | None = None,
) -> Application:
    """细则第四条: approve only when the facts meet a clause of the level's 申报条件."""
    app = _for_review(actor, application, S.APPROVED)
    on = today or timezone.localdate()
    result = evaluate_application(app, on=on)
    clauses = selectors.level_clauses(app)
    if not clauses:
        raise NotEligible(
            f"{level_name(app.batch_level.standard_level)}尚未录入申报条件，无法核对，不能审核通过。"
            "请先在职业标准中录入申报条件。"
        )
    if not result.met:
        raise NotEligible(
            f"申报事实不满足{level_name(app.batch_level.standard_level)}的任何一项申报条件"
            f"（{cn_date(on)}核对），不能审核通过：{_describe_missing(result)}。"
            "可退回考生补充材料，或审核不通过。"
        )
    require_materials(app, at_submission=False)
    met_ordinals = {c.ordinal for c in result.met_clauses}
    by_ordinal = {c.ordinal: c for c in clauses}
    if clause is not None:
        if clause.standard_level_id != app.batch_level.standard_level_id:
            raise RegistrationError("所选申报条件不属于该职业等级。", field="clause")
        if clause.ordinal not in met_ordinals:
            raise NotEligible(
                f"申报事实不满足所选的第{clause.ordinal}项申报条件，请选择已满足的一项。",
                field="clause",
            )
        chosen = clause
    elif app.claimed_clause_id and app.claimed_clause.ordinal in met_ordinals:
        chosen = app.claimed_clause
    else:
        chosen = by_ordinal[min(met_ordinals)]
    _decide(
        actor=actor,
        app=app,
        decision=Decision.APPROVED,
        result=result,
        note=note,
        clause=chosen,
        changes={"clause": chosen.ordinal},
        title="报名审核通过",
        body=f"您申报的{app.batch.name}{level_name(app.batch_level.standard_level)}已通过资格审核"
        f"（符合第{chosen.ordinal}项申报条件）。",
    )
    return app


@transaction.atomic
def reject_application(
    *,
    actor: User,
    application: Application,
    reason: RejectionReason,
    note: str = "",
    today: date | None = None,
) -> Application:
    """细则第四条: refuse, with a reason from the list and the reviewer's words."""
    app = _for_review(actor, application, S.REJECTED)
    if reason is None or not reason.is_active:
        raise RegistrationError("请从列表中选择不通过原因。", field="reason")
    result = evaluate_application(app, on=today or timezone.localdate())
    level = level_name(app.batch_level.standard_level)
    body = f"您申报的{app.batch.name}{level}未通过资格审核，原因：{reason.label}"
    if note:
        body += f"（{note}）"
    _decide(
        actor=actor,
        app=app,
        decision=Decision.REJECTED,
        result=result,
        note=note,
        reason=reason,
        changes={"reason": reason.label, "note": note},
        title="报名审核未通过",
        body=body + "。",
    )
    return app


@transaction.atomic
def return_application(
    *, actor: User, application: Application, note: str, today: date | None = None
) -> Application:
    """Send it back to the candidate for correction; the note says what to correct."""
    note = (note or "").strip()
    if not note:
        raise RegistrationError("退回修改须写明需要考生补正的内容。", field="note")
    app = _for_review(actor, application, S.RETURNED)
    result = evaluate_application(app, on=today or timezone.localdate())
    _decide(
        actor=actor,
        app=app,
        decision=Decision.RETURNED,
        result=result,
        note=note,
        changes={"note": note},
        title="报名材料需补正",
        body=f"您申报的{app.batch.name}{level_name(app.batch_level.standard_level)}被退回修改：{note}",
    )
    return app

"""Applications (细则第三条): what a candidate applies for, and the one table their states move by.

The state machine is ``states.TRANSITIONS``; ``transition_application`` is the only way an
application's state moves (submit, withdraw and the three review decisions all go through it),
so each move is checked and audited in one place. ``duplicate_check`` is the one duplicate check
of the window, online and bulk paths.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from skillcert.batches.models import Batch, BatchLevel, BatchState
from skillcert.catalog.models import EligibilityClause
from skillcert.catalog.selectors import level_name, require_in_scope
from skillcert.core import audit
from skillcert.core.accounts.models import User
from skillcert.core.accounts.permissions import require_role
from skillcert.core.accounts.roles import AGENCY_OFFICE
from skillcert.core.errors import DomainError, PermissionDenied
from skillcert.core.formats import cn_date
from skillcert.core.identity import decrypt_id_number
from skillcert.registration import selectors
from skillcert.registration.access import require_own_or_desk
from skillcert.registration.errors import (
    DuplicateApplication,
    RegistrationClosed,
    RegistrationError,
)
from skillcert.registration.models import (
    Application,
    ApplicationState,
    Candidate,
    Channel,
    IdempotencyKey,
)
from skillcert.registration.services.candidates import register_candidate
from skillcert.registration.services.eligibility import facts_from_json, refuse_future_dates
from skillcert.registration.services.materials import require_materials
from skillcert.registration.services.states import (
    initial_state,
    require_editable,
    require_transition,
    stamp_field,
)

S = ApplicationState

# 细则第三条: registration happens after the announcement and before the data report.
OPEN_STATES = selectors.OPEN_STATES
# Reviewing may go on until the data report freezes the list; a correction after the report is
# a new report version (第五条), so decisions stay possible in the reported state as well.
REVIEW_STATES = (BatchState.ANNOUNCED, BatchState.PLANNED, BatchState.REPORTED)


def transition_application(
    *, actor: User, application: Application, to: str, action: str, changes: dict | None = None
) -> Application:
    """Move the (locked) application to ``to`` if the table allows it; audited as ``action``.
    The caller has checked who may act and the batch's own state."""
    require_transition(application, to)
    old = application.state
    application.state = to
    fields = ["state", "updated_at"]
    stamp = stamp_field(to)
    if stamp:
        setattr(application, stamp, timezone.now())
        fields.append(stamp)
    application.save(update_fields=fields)
    audit.record(
        actor=actor,
        action=action,
        obj=application,
        changes={"state": [old, application.state], **(changes or {})},
    )
    return application


def require_open_for_registration(batch: Batch, *, on: date) -> None:
    """细则第一、三条: candidates register once the batch is announced, within the period the
    announcement states."""
    if batch.state not in OPEN_STATES:
        raise RegistrationClosed(
            f"批次“{batch.name}”当前状态为“{batch.get_state_display()}”，不在报名阶段"
            "（细则第三条：公告发布后、考生数据上报前报名）。请选择正在报名的批次。",
            field="batch_level",
        )
    window = selectors.registration_window(batch)
    if window is not None and not (window[0] <= on <= window[1]):
        raise RegistrationClosed(
            f"批次“{batch.name}”的报名时间为{cn_date(window[0])}至{cn_date(window[1])}，"
            f"今天（{cn_date(on)}）不在报名时间内（细则第一条：按认定公告的报名时间报名）。",
            field="batch_level",
        )


# --- the one duplicate check -------------------------------------------------------------------


@dataclass
class Duplicates:
    """What the duplicate check found for a set of people applying to one batch."""

    # (candidate, batch level) pairs that already have an application in this batch.
    registered: set[tuple[int, int]]
    # (ID lookup hash, occupation, level) -> the first live application of the same person (at
    # any agency) for the same occupation and level in another batch whose exam days overlap.
    overlapping: dict[tuple[str, int, int], int]

    def overlapping_with(self, id_hash: str, batch_level: BatchLevel) -> int | None:
        sl = batch_level.standard_level
        return self.overlapping.get((id_hash, sl.standard.occupation_id, sl.level))


def duplicate_check(
    *, batch: Batch, candidate_ids: Collection[int], id_hashes: Collection[str]
) -> Duplicates:
    """The duplicates of the window, online and bulk paths alike: the same record applying twice
    for a level of this batch is refused (or skipped by the import); an overlapping application
    elsewhere is only linked (``duplicate_of``) for the reviewer. The other agency's application
    is shown to nobody here (the review page hides it across agencies)."""
    return Duplicates(
        registered=selectors.registered_pairs(batch, candidate_ids),
        overlapping=selectors.overlapping_applications(batch, id_hashes),
    )


# --- use cases ---------------------------------------------------------------------------------


@transaction.atomic
def create_application(
    *,
    actor: User,
    batch: Batch,
    batch_level: BatchLevel,
    candidate: Candidate,
    channel: str,
    facts: dict,
    claimed_clause: EligibilityClause | None = None,
    exam_types: dict | None = None,
    today: date | None = None,
) -> Application:
    """A draft application of the candidate for one level of a batch (细则第三条)."""
    on = today or timezone.localdate()
    if candidate.agency_id != batch.agency_id:
        # A record is one agency's: applying elsewhere makes that agency's own record.
        raise RegistrationError("考生记录不属于该批次的评价机构，请重新登记。", field="batch_level")
    if channel == Channel.ONLINE:
        if not candidate.user_id or candidate.user_id != actor.pk:
            raise PermissionDenied("网上报名只能由考生本人办理。")
    elif channel in (Channel.WINDOW, Channel.BULK):
        require_role(actor, batch.agency, *AGENCY_OFFICE)
    else:
        raise RegistrationError("请选择报名方式。", field="channel")
    batch = Batch.objects.select_for_update().get(pk=batch.pk)
    require_open_for_registration(batch, on=on)
    if batch_level.batch_id != batch.pk:
        raise RegistrationError("所选职业等级不属于该批次，请重新选择。", field="batch_level")
    try:
        require_in_scope(batch.agency, batch_level.standard_level, on)
    except DomainError as exc:
        raise RegistrationError(exc.message, code="out_of_scope", field="batch_level") from None
    if claimed_clause is not None and claimed_clause.standard_level_id != (
        batch_level.standard_level_id
    ):
        raise RegistrationError(
            "所选申报条件不属于该职业等级，请重新选择。", field="claimed_clause"
        )
    facts = dict(facts or {})
    facts_from_json(facts)  # refuses malformed facts before they are stored
    refuse_future_dates(facts, on=on)
    found = duplicate_check(
        batch=batch, candidate_ids=[candidate.pk], id_hashes=[candidate.id_number_hash]
    )
    if (candidate.pk, batch_level.pk) in found.registered:
        raise DuplicateApplication(
            f"{candidate.name}已申报本批次的{level_name(batch_level.standard_level)}，"
            "同一人同一等级只能申报一次。请在“我的报名”中查看或修改原申报。",
            field="batch_level",
        )
    app = Application.objects.create(
        agency=batch.agency,
        batch=batch,
        batch_level=batch_level,
        candidate=candidate,
        state=initial_state(),
        channel=channel,
        facts=facts,
        claimed_clause=claimed_clause,
        exam_types=exam_types or {},
        duplicate_of_id=found.overlapping_with(candidate.id_number_hash, batch_level),
        created_by=actor,
    )
    audit.record(
        actor=actor,
        action="registration.create_application",
        obj=app,
        changes=creation_changes(app, batch=batch, batch_level=batch_level),
    )
    return app


def creation_changes(app: Application, *, batch: Batch, batch_level: BatchLevel) -> dict[str, Any]:
    """What the audit trail keeps of a new application, one event per application on every
    channel."""
    return {
        "batch": batch.code,
        "level": level_name(batch_level.standard_level),
        "channel": app.channel,
        "duplicate_of": app.duplicate_of_id,
    }


@transaction.atomic
def register_and_apply(
    *,
    actor: User,
    batch_level: BatchLevel,
    person: dict[str, Any],
    channel: str,
    facts: dict,
    claimed_ordinal: int | None = None,
    today: date | None = None,
) -> Application:
    """Register the person with the batch's agency and create the application, in one
    transaction: a refusal writes nothing (the window and the online 申报表)."""
    candidate = register_candidate(
        actor=actor, agency=batch_level.batch.agency, today=today, **person
    )
    return create_application(
        actor=actor,
        batch=batch_level.batch,
        batch_level=batch_level,
        candidate=candidate,
        channel=channel,
        facts=facts,
        claimed_clause=selectors.clause_by_ordinal(batch_level, claimed_ordinal),
        today=today,
    )


@transaction.atomic
def update_application(
    *,
    actor: User,
    application: Application,
    facts: dict,
    claimed_clause: EligibilityClause | None = None,
    exam_types: dict | None = None,
    today: date | None = None,
) -> Application:
    """Correct the facts of a draft or returned application (退回修改)."""
    app = Application.objects.select_for_update().get(pk=application.pk)
    require_own_or_desk(actor, app)
    require_editable(app)
    if claimed_clause is not None and claimed_clause.standard_level_id != (
        app.batch_level.standard_level_id
    ):
        raise RegistrationError(
            "所选申报条件不属于该职业等级，请重新选择。", field="claimed_clause"
        )
    facts = dict(facts or {})
    facts_from_json(facts)
    refuse_future_dates(facts, on=today or timezone.localdate())
    app.facts = facts
    app.claimed_clause = claimed_clause
    if exam_types is not None:
        app.exam_types = exam_types
    app.save()
    audit.record(actor=actor, action="registration.update_application", obj=app, changes={})
    return app


@transaction.atomic
def correct_application(
    *,
    actor: User,
    application: Application,
    person: dict[str, Any],
    facts: dict,
    claimed_ordinal: int | None = None,
    today: date | None = None,
) -> Application:
    """退回修改 from the edit page: the person's contact details and the facts, in one
    transaction; the ID number and the level stay as registered."""
    candidate = application.candidate
    register_candidate(
        actor=actor,
        agency=application.agency,
        today=today,
        **{
            **person,
            "id_type": candidate.id_type,
            "id_number": decrypt_id_number(candidate.id_number),
        },
    )
    return update_application(
        actor=actor,
        application=application,
        facts=facts,
        claimed_clause=selectors.clause_by_ordinal(application.batch_level, claimed_ordinal),
        today=today,
    )


@transaction.atomic
def submit_application(
    *, actor: User, application: Application, today: date | None = None
) -> Application:
    """Hand the draft (or the corrected returned application) to the agency's reviewers."""
    app = Application.objects.select_for_update().get(pk=application.pk)
    require_own_or_desk(actor, app)
    require_transition(app, S.SUBMITTED)
    if app.state == S.DRAFT:
        require_open_for_registration(app.batch, on=today or timezone.localdate())
    elif app.batch.state not in REVIEW_STATES:
        raise RegistrationClosed(
            f"批次当前状态为“{app.batch.get_state_display()}”，已不能再提交申报。"
        )
    if app.channel == Channel.ONLINE:
        require_materials(app, at_submission=True)
    return transition_application(
        actor=actor, application=app, to=S.SUBMITTED, action="registration.submit_application"
    )


@transaction.atomic
def withdraw_application(*, actor: User, application: Application, reason: str = "") -> Application:
    """The candidate (or the desk on their behalf) withdraws an application not yet decided."""
    app = Application.objects.select_for_update().get(pk=application.pk)
    require_own_or_desk(actor, app)
    return transition_application(
        actor=actor,
        application=app,
        to=S.WITHDRAWN,
        action="registration.withdraw_application",
        changes={"reason": reason},
    )


@transaction.atomic
def register_and_apply_many(
    *,
    actor: User,
    batch: Batch,
    entries: list[dict[str, Any]],
    idempotency_key: str = "",
    today: date | None = None,
) -> dict[str, Any]:
    """Several people registered and applied for by the agency's desk at once (the API's bulk
    create), all or nothing, each through ``register_and_apply`` like the window. With an
    idempotency key, the same key from the same account returns the first result and writes
    nothing again."""
    require_role(actor, batch.agency, *AGENCY_OFFICE)
    key = (idempotency_key or "").strip()[:100]
    scope = f"registration.applications.batch.{batch.pk}"
    if key:
        earlier = IdempotencyKey.objects.select_for_update().filter(user=actor, key=key).first()
        if earlier is not None:
            if earlier.scope != scope:
                raise RegistrationError(
                    "该幂等键已用于另一个请求，请为每个新请求使用新的幂等键。",
                    code="idempotency_key_reused",
                )
            return earlier.response
    levels = {bl.pk: bl for bl in selectors.batch_levels(batch)}
    created = []
    for number, entry in enumerate(entries, start=1):
        level = levels.get(entry.get("batch_level_id"))
        try:
            if level is None:
                raise RegistrationError(
                    "所选职业等级不属于该批次，请重新选择。", field="batch_level"
                )
            app = register_and_apply(
                actor=actor,
                batch_level=level,
                person=entry.get("person") or {},
                channel=Channel.BULK,
                facts=entry.get("facts") or {},
                claimed_ordinal=entry.get("claimed_ordinal"),
                today=today,
            )
        except DomainError as error:
            # The refusal keeps its code and status; the message says which entry it is about.
            error.message = f"第{number}条：{error.message}"
            raise
        created.append({"id": app.pk, "state": app.state, "batch_level_id": level.pk})
    response = {"count": len(created), "applications": created}
    if key:
        IdempotencyKey.objects.create(user=actor, key=key, scope=scope, response=response)
    return response

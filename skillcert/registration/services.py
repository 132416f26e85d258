"""Registration and review (细则第三、四条): who a candidate is, what they apply for, and the
reviewer's decision on it. Every write is here; views and the import only call these.

Facts JSON (``Application.facts``), as the evaluator (skillcert.catalog.eligibility) needs them::

    {"work_periods": [{"start": "2018-03-01", "end": null, "scope": "same", "employer": ""}],
     "certificates": [{"level": 5, "scope": "same", "kind": "skill_level", "number": "...",
                       "issued_on": "2019-06-30"}],
     "education": [{"kind": "college", "major_scope": "related", "graduated_on": "2017-07-01",
                    "is_final_year_student": false}],
     "current_student": {"kind": "technical_school", "major_scope": "same"} | null,
     "intends_scope": null, "apprenticeship_scope": null, "training_hours": 0}
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from skillcert.batches.models import Batch, BatchLevel, BatchState
from skillcert.catalog.eligibility.evaluate import evaluate
from skillcert.catalog.eligibility.facts import (
    ApplicantFacts,
    CurrentStudy,
    Education,
    EligibilityResult,
    PriorCertificate,
    WorkPeriod,
)
from skillcert.catalog.eligibility.facts import ClauseSpec as _ClauseSpec
from skillcert.catalog.models import EligibilityClause
from skillcert.catalog.selectors import level_name, require_in_scope
from skillcert.core import audit
from skillcert.core.accounts.models import Role, User
from skillcert.core.accounts.permissions import (
    active_memberships,
    has_role,
    require_role,
    require_visible_agency,
)
from skillcert.core.accounts.roles import AGENCY_OFFICE, BATCH_TEAM
from skillcert.core.errors import DomainError, IllegalTransition, NotFound, PermissionDenied
from skillcert.core.formats import cn_date
from skillcert.core.identity import InvalidIdNumber, birth_date_of, normalize_id_number, sex_of
from skillcert.core.identity.crypto import lookup_hash
from skillcert.core.notifications.services import notify
from skillcert.registration.models import (
    Application,
    ApplicationState,
    Candidate,
    Channel,
    Decision,
    IdType,
    RejectionReason,
    ReviewDecision,
    Sex,
)

# 细则第三条: registration happens after the announcement and before the data report.
OPEN_STATES = (BatchState.ANNOUNCED, BatchState.PLANNED)
# Reviewing may go on until the data report freezes the list; a correction after the report is
# a new report version (第五条), so decisions stay possible in the reported state as well.
REVIEW_STATES = (BatchState.ANNOUNCED, BatchState.PLANNED, BatchState.REPORTED)
LIVE_STATES = (
    ApplicationState.DRAFT,
    ApplicationState.SUBMITTED,
    ApplicationState.RETURNED,
    ApplicationState.APPROVED,
)


class RegistrationError(DomainError):
    """A refusal of registration or review; ``field`` names the form field it is about."""

    code = "registration_error"


class RegistrationClosed(RegistrationError):
    code = "registration_closed"
    status = 409


class DuplicateApplication(RegistrationError):
    code = "duplicate_application"
    status = 409


class MissingMaterials(RegistrationError):
    """Submission or approval refused: a required material is neither uploaded nor verified."""

    code = "missing_materials"
    status = 409


class NotEligible(RegistrationError):
    """Approval refused: the facts meet no clause of the level's 申报条件."""

    code = "not_eligible"
    status = 409


def _today(today: date | None = None) -> date:
    return today or timezone.localdate()


# --- who may act -------------------------------------------------------------------------------


def is_desk(actor: User, agency: Any) -> bool:
    return has_role(actor, agency, *AGENCY_OFFICE)


def is_reviewer(actor: User, agency: Any) -> bool:
    return has_role(actor, agency, *BATCH_TEAM)


def is_candidate_user(actor: User) -> bool:
    return active_memberships(actor).filter(role=Role.CANDIDATE).exists()


def _desk_anywhere(actor: User) -> bool:
    return active_memberships(actor).filter(role__in=[r.value for r in AGENCY_OFFICE]).exists()


def require_own_or_desk(actor: User, application: Application) -> None:
    """The candidate themself, or the agency's desk staff; anyone else does not see it (404)."""
    cand_user = application.candidate.user_id
    if cand_user and cand_user == actor.pk:
        return
    require_visible_agency(actor, application.agency)
    require_role(actor, application.agency, *AGENCY_OFFICE)


# --- candidates --------------------------------------------------------------------------------


class LinkRequired(RegistrationError):
    """The agency already has a record for this ID number that the account did not create: the
    account may act on it only after proof (registration.linking). Carries the record's key for
    the view and nothing for the person."""

    code = "link_required"
    status = 409

    def __init__(self, message: str, *, candidate_id: int) -> None:
        super().__init__(message, field="id_number")
        self.candidate_id = candidate_id


def same_name(a: str, b: str) -> bool:
    """Names compared as typed on a card: spaces (half- and full-width) do not count."""
    strip = str.maketrans("", "", " \u3000\u00b7")
    return (a or "").translate(strip) == (b or "").translate(strip)


@transaction.atomic
def register_candidate(
    *,
    actor: User,
    agency: Any,
    id_type: str,
    id_number: str,
    name: str,
    ethnicity: str,
    education: str,
    phone: str,
    address: str,
    source: str,
    email: str = "",
    employer: str = "",
    sex: str | None = None,
    birth_date: date | None = None,
    today: date | None = None,
) -> Candidate:
    """The agency's record of the person with this ID number, created or updated.

    Person data is per agency: what one agency (or a candidate applying to it) enters never
    changes another agency's record. The desk updates its own agency's record; a candidate
    updates only a record linked to their account, and a record of the agency that the account
    did not create raises ``LinkRequired`` (proof first) and changes nothing.

    A resident ID carries the sex and birth date (GB 11643), so those are derived from it and any
    value typed in is ignored; other documents need both typed in.
    """
    on = _today(today)
    desk = is_desk(actor, agency)
    if not desk and not is_candidate_user(actor):
        if _desk_anywhere(actor):
            require_visible_agency(actor, agency)
        raise PermissionDenied("只有考生本人或评价机构报名窗口人员可以登记考生信息。")
    if id_type not in IdType.values:
        raise RegistrationError("请选择证件类型。", field="id_type")
    name = (name or "").strip()
    if not name:
        raise RegistrationError("请填写姓名（与证件一致）。", field="name")
    if id_type == IdType.RESIDENT_ID:
        try:
            normalized = normalize_id_number(id_number, today=on)
        except InvalidIdNumber as exc:
            raise InvalidIdNumber(f"证件号码：{exc.message}", reason=exc.reason) from None
        sex = Sex.MALE if sex_of(normalized).value == "male" else Sex.FEMALE
        birth_date = birth_date_of(normalized)
    else:
        # The encrypted ID column validates GB 11643 numbers only, so other documents are taken
        # at the window by hand until the identity app stores them (DOMAIN.md §9.1).
        raise RegistrationError(
            f"暂只能登记居民身份证；持{IdType(id_type).label}的考生请携带证件到评价机构窗口办理。",
            field="id_type",
        )
    for field, value, label in (
        ("ethnicity", ethnicity, "民族"),
        ("education", education, "文化程度"),
        ("phone", phone, "手机号码"),
        ("address", address, "通讯地址"),
        ("source", source, "考生来源"),
    ):
        if not (value or "").strip():
            raise RegistrationError(f"请填写{label}。", field=field)

    details = dict(
        id_type=id_type,
        name=name,
        sex=sex,
        birth_date=birth_date,
        ethnicity=ethnicity.strip(),
        education=education,
        phone=phone.strip(),
        email=(email or "").strip(),
        address=address.strip(),
        source=source,
        employer=(employer or "").strip(),
    )
    existing = (
        Candidate.objects.select_for_update()
        .filter(agency=agency, id_number_hash=lookup_hash(normalized))
        .first()
    )
    if existing is None:
        candidate = Candidate(agency=agency, user=None if desk else actor, **details)
        candidate.id_number = normalized
        candidate.save()
        audit.record(
            actor=actor,
            action="registration.register_candidate",
            obj=candidate,
            changes={"name": name, "id_type": id_type, "created": True},
        )
        return candidate

    if not desk:
        if existing.user_id != actor.pk:
            # Never link, show or change a record the account did not create (issue 19): the
            # name is checked only to refuse, and the answer names nothing on file.
            if not same_name(existing.name, name):
                raise RegistrationError(
                    "您填写的姓名与本机构该证件号码的考生记录不一致，不能关联到您的账户。"
                    "请核对姓名（须与身份证一致）；如已更名，请携带身份证到评价机构窗口办理。",
                    field="name",
                )
            raise LinkRequired(
                "本机构已有该证件号码的考生记录。为保护考生信息，须先验证您是本人，"
                "验证后才能用本账户报名。",
                candidate_id=existing.pk,
            )
        if not same_name(existing.name, name):
            raise RegistrationError(
                "姓名与该证件号码已登记的姓名不一致，请核对；如已更名请到评价机构窗口办理。",
                field="name",
            )
    changes: dict[str, Any] = {}
    for key, value in details.items():
        old = getattr(existing, key)
        if old != value:
            changes[key] = [str(old), str(value)]
            setattr(existing, key, value)
    if changes:
        existing.save()
        audit.record(
            actor=actor, action="registration.update_candidate", obj=existing, changes=changes
        )
    return existing


# --- applications ------------------------------------------------------------------------------


def registration_window(batch: Batch) -> tuple[date, date] | None:
    """The registration period of the batch's published announcement, if it has one."""
    from skillcert.batches.announcements.models import AnnouncementStatus

    ann = (
        batch.announcements.filter(status=AnnouncementStatus.PUBLISHED)
        .exclude(registration_start=None)
        .exclude(registration_end=None)
        .order_by("-published_at")
        .first()
    )
    if ann is None:
        return None
    return ann.registration_start, ann.registration_end


def require_open_for_registration(batch: Batch, *, on: date) -> None:
    """细则第一、三条: candidates register once the batch is announced, within the period the
    announcement states."""
    if batch.state not in OPEN_STATES:
        raise RegistrationClosed(
            f"批次“{batch.name}”当前状态为“{batch.get_state_display()}”，不在报名阶段"
            "（细则第三条：公告发布后、考生数据上报前报名）。请选择正在报名的批次。",
            field="batch",
        )
    window = registration_window(batch)
    if window is not None and not (window[0] <= on <= window[1]):
        raise RegistrationClosed(
            f"批次“{batch.name}”的报名时间为{cn_date(window[0])}至{cn_date(window[1])}，"
            f"今天（{cn_date(on)}）不在报名时间内（细则第一条：按认定公告的报名时间报名）。",
            field="batch",
        )


def open_batches(*, on: date | None = None):
    """Batches taking registrations today, for the candidate's batch picker."""
    on = _today(on)
    out = []
    for b in (
        Batch.objects.filter(state__in=OPEN_STATES)
        .select_related("agency")
        .order_by("first_exam_day", "id")
    ):
        window = registration_window(b)
        if window is None or window[0] <= on <= window[1]:
            out.append(b)
    return out


def _overlapping_duplicate(
    candidate: Candidate, batch: Batch, batch_level: BatchLevel
) -> Application | None:
    """The same person (by lookup hash, at any agency) with a live application for the same
    occupation and level in another batch whose exam days overlap. Only the link is kept: the
    other agency's application is shown to nobody here (views_review hides it across agencies)."""
    sl = batch_level.standard_level
    return (
        Application.objects.filter(
            candidate__id_number_hash=candidate.id_number_hash,
            batch_level__standard_level__standard__occupation_id=sl.standard.occupation_id,
            batch_level__standard_level__level=sl.level,
            batch__first_exam_day__lte=batch.last_exam_day,
            batch__last_exam_day__gte=batch.first_exam_day,
            state__in=LIVE_STATES,
        )
        .exclude(batch=batch)
        .order_by("id")
        .first()
    )


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
    import_key: str = "",
    today: date | None = None,
) -> Application:
    """A draft application of the candidate for one level of a batch (细则第三条)."""
    on = _today(today)
    if candidate.agency_id != batch.agency_id:
        # A record is one agency's: applying elsewhere makes that agency's own record.
        raise RegistrationError("考生记录不属于该批次的评价机构，请重新登记。", field="batch")
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
    if Application.objects.filter(batch_level=batch_level, candidate=candidate).exists():
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
        channel=channel,
        facts=facts,
        claimed_clause=claimed_clause,
        exam_types=exam_types or {},
        duplicate_of=_overlapping_duplicate(candidate, batch, batch_level),
        import_key=import_key,
        created_by=actor,
    )
    audit.record(
        actor=actor,
        action="registration.create_application",
        obj=app,
        changes={
            "batch": batch.code,
            "level": level_name(batch_level.standard_level),
            "channel": channel,
            "duplicate_of": app.duplicate_of_id,
        },
    )
    return app


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
    if app.state not in (ApplicationState.DRAFT, ApplicationState.RETURNED):
        raise IllegalTransition(
            f"申报状态为“{app.get_state_display()}”，只有草稿或退回修改的申报可以修改。"
        )
    if claimed_clause is not None and claimed_clause.standard_level_id != (
        app.batch_level.standard_level_id
    ):
        raise RegistrationError(
            "所选申报条件不属于该职业等级，请重新选择。", field="claimed_clause"
        )
    facts = dict(facts or {})
    facts_from_json(facts)
    refuse_future_dates(facts, on=_today(today))
    app.facts = facts
    app.claimed_clause = claimed_clause
    if exam_types is not None:
        app.exam_types = exam_types
    app.save()
    audit.record(actor=actor, action="registration.update_application", obj=app, changes={})
    return app


@transaction.atomic
def submit_application(
    *, actor: User, application: Application, today: date | None = None
) -> Application:
    """Hand the draft (or the corrected returned application) to the agency's reviewers."""
    app = Application.objects.select_for_update().get(pk=application.pk)
    require_own_or_desk(actor, app)
    if app.state not in (ApplicationState.DRAFT, ApplicationState.RETURNED):
        raise IllegalTransition(
            f"申报状态为“{app.get_state_display()}”，只有草稿或退回修改的申报可以提交。"
        )
    if app.state == ApplicationState.DRAFT:
        require_open_for_registration(app.batch, on=_today(today))
    elif app.batch.state not in REVIEW_STATES:
        raise RegistrationClosed(
            f"批次当前状态为“{app.batch.get_state_display()}”，已不能再提交申报。"
        )
    if app.channel == Channel.ONLINE:
        _require_materials(app, at_submission=True)
    old = app.state
    app.state = ApplicationState.SUBMITTED
    app.submitted_at = timezone.now()
    app.save(update_fields=["state", "submitted_at", "updated_at"])
    audit.record(
        actor=actor,
        action="registration.submit_application",
        obj=app,
        changes={"state": [old, app.state]},
    )
    return app


@transaction.atomic
def withdraw_application(*, actor: User, application: Application, reason: str = "") -> Application:
    """The candidate (or the desk on their behalf) withdraws an application not yet decided."""
    app = Application.objects.select_for_update().get(pk=application.pk)
    require_own_or_desk(actor, app)
    if app.state not in (
        ApplicationState.DRAFT,
        ApplicationState.SUBMITTED,
        ApplicationState.RETURNED,
    ):
        raise IllegalTransition(
            f"申报状态为“{app.get_state_display()}”，不能撤回；审核通过后如需放弃考试，"
            "请联系评价机构。"
        )
    old = app.state
    app.state = ApplicationState.WITHDRAWN
    app.save(update_fields=["state", "updated_at"])
    audit.record(
        actor=actor,
        action="registration.withdraw_application",
        obj=app,
        changes={"state": [old, app.state], "reason": reason},
    )
    return app


# --- eligibility ------------------------------------------------------------------------------


def _d(value: Any, label: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise RegistrationError(f"{label}“{value}”不是有效日期。", field="facts") from None


def facts_from_json(data: Mapping[str, Any], *, birth_date: date | None = None) -> ApplicantFacts:
    """The evaluator's facts from the stored JSON; a malformed entry is a RegistrationError."""
    try:
        work = tuple(
            WorkPeriod(
                start=_d(w["start"], "工作开始日期"),
                end=_d(w.get("end"), "工作结束日期"),
                scope=w.get("scope", "other"),
                employer=w.get("employer", ""),
            )
            for w in data.get("work_periods", [])
        )
        certs = tuple(
            PriorCertificate(
                level=int(c["level"]) if c.get("level") not in (None, "") else None,
                scope=c.get("scope", "same"),
                kind=c.get("kind", "skill_level"),
                number=c.get("number", ""),
                issued_on=_d(c["issued_on"], "发证日期"),
            )
            for c in data.get("certificates", [])
        )
        edu = tuple(
            Education(
                kind=e["kind"],
                major_scope=e.get("major_scope", "other"),
                graduated_on=_d(e.get("graduated_on"), "毕业日期"),
                is_final_year_student=bool(e.get("is_final_year_student")),
            )
            for e in data.get("education", [])
        )
        cs = data.get("current_student")
        current = (
            CurrentStudy(kind=cs["kind"], major_scope=cs.get("major_scope", "other"))
            if cs
            else None
        )
        hours = int(data.get("training_hours") or 0)
        raw_years = (data.get("declared") or {}).get("work_years")
        declared_years = float(raw_years) if raw_years not in (None, "") else None
    except (KeyError, TypeError, ValueError) as exc:
        raise RegistrationError(
            f"申报事实不完整：缺少或无效的项目 {exc}。", field="facts"
        ) from None
    for w in work:
        if w.start is None:
            raise RegistrationError("工作经历须填写开始日期。", field="facts")
        if w.end is not None and w.end < w.start:
            raise RegistrationError(
                f"工作经历结束日期{cn_date(w.end)}早于开始日期{cn_date(w.start)}，请核对。",
                field="facts",
            )
    for c in certs:
        if c.issued_on is None:
            raise RegistrationError("原证书须填写发证日期。", field="facts")
    if hours < 0:
        raise RegistrationError("培训学时不能为负数。", field="facts")
    return ApplicantFacts(
        birth_date=birth_date,
        work_periods=work,
        intends_scope=data.get("intends_scope") or None,
        apprenticeship_scope=data.get("apprenticeship_scope") or None,
        certificates=certs,
        education=edu,
        current_student=current,
        training_hours=hours,
        declared_work_years=declared_years,
    )


def refuse_future_dates(facts: Mapping[str, Any], *, on: date) -> None:
    """Experience and certificates are declared as they stand: a work period that ends (or
    starts) after today, or a certificate issued after today, would count years not yet worked
    and would read "至今" on the 申报表."""
    for i, period in enumerate(facts.get("work_periods") or [], start=1):
        for key, label in (("start", "开始日期"), ("end", "结束日期")):
            value = _d(period.get(key), f"工作经历{i}{label}")
            if value is not None and value > on:
                hint = "仍在职请不填结束日期。" if key == "end" else "请填写已开始的工作经历。"
                raise RegistrationError(
                    f"工作经历{i}的{label}（{cn_date(value)}）晚于今天（{cn_date(on)}），{hint}",
                    field=f"work{i}_{key}",
                )
    for cert in facts.get("certificates") or []:
        issued = _d(cert.get("issued_on"), "发证日期")
        if issued is not None and issued > on:
            raise RegistrationError(
                f"原证书的发证日期（{cn_date(issued)}）晚于今天（{cn_date(on)}），请核对。",
                field="cert_issued_on",
            )


def level_clauses(application: Application) -> list[EligibilityClause]:
    return list(
        EligibilityClause.objects.filter(
            standard_level_id=application.batch_level.standard_level_id
        ).order_by("ordinal", "id")
    )


def evaluate_application(application: Application, *, on: date | None = None) -> EligibilityResult:
    """The level's 申报条件 checked against the application's facts, as of ``on`` (default today).

    Clause results carry the clause's ordinal; ``ClauseResult.text`` is the literal wording.
    """
    clauses = level_clauses(application)
    facts = facts_from_json(application.facts or {}, birth_date=application.candidate.birth_date)
    specs = [_ClauseSpec(c.conditions, c.ordinal, c.text) for c in clauses]
    return evaluate(specs, facts, _today(on))


def evaluation_snapshot(result: EligibilityResult) -> dict[str, Any]:
    """The verdict as JSON, stored with each decision."""
    return {
        "met": result.met,
        "clauses": [
            {
                "ordinal": c.ordinal,
                "text": c.text,
                "met": c.met,
                "atoms": [
                    {
                        "description": a.description,
                        "met": a.met,
                        "evidence": list(a.evidence),
                        "missing": a.missing,
                    }
                    for a in c.atoms
                ],
            }
            for c in result.clauses
        ],
    }


# --- review -----------------------------------------------------------------------------------


def _for_review(actor: User, application: Application) -> Application:
    app = (
        Application.objects.select_for_update()
        .select_related("batch", "candidate", "agency")
        .get(pk=application.pk)
    )
    require_role(actor, app.agency, *BATCH_TEAM)
    if app.state != ApplicationState.SUBMITTED:
        raise IllegalTransition(
            f"申报状态为“{app.get_state_display()}”，只有待审核的申报可以审核。"
        )
    if app.batch.state not in REVIEW_STATES:
        raise IllegalTransition(
            f"批次当前状态为“{app.batch.get_state_display()}”，资格审核已结束（细则第五条：考生数据"
            "上报后名单以上报版本为准）。"
        )
    return app


def _notify_candidate(app: Application, decision: ReviewDecision, title: str, body: str) -> None:
    user = app.candidate.user
    if user is None:
        return  # a window-registered person without an account is told at the window
    from django.urls import NoReverseMatch, reverse

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


def _require_materials(app: Application, *, at_submission: bool) -> None:
    """细则第三条: the materials the catalogue requires for the level, plus at approval the
    evidence of what was declared; a material verified online counts as supplied."""
    from skillcert.registration import materials

    kinds = materials.kinds_for_submission(app) if at_submission else None
    missing = materials.missing_labels(app, kinds)
    if not missing:
        return
    if at_submission:
        raise MissingMaterials(
            f"尚缺材料：{'、'.join(missing)}，不能提交审核（细则第三条：报名须提交规定的材料）。"
            "请先在本页上传，再提交。",
            field="materials",
        )
    raise MissingMaterials(
        f"尚缺材料：{'、'.join(missing)}，不能审核通过（细则第三条：报名须提交规定的材料）。"
        "请补充上传；可在线核验的材料请登记在线核验；或退回考生补充材料。",
        field="materials",
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
    app = _for_review(actor, application)
    on = _today(today)
    result = evaluate_application(app, on=on)
    clauses = level_clauses(app)
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
    _require_materials(app, at_submission=False)
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
    decision = ReviewDecision.objects.create(
        application=app,
        decision=Decision.APPROVED,
        note=note,
        clause=chosen,
        evaluation=evaluation_snapshot(result),
        decided_by=actor,
    )
    app.state = ApplicationState.APPROVED
    app.decided_at = timezone.now()
    app.save(update_fields=["state", "decided_at", "updated_at"])
    audit.record(
        actor=actor,
        action="registration.approve_application",
        obj=app,
        changes={"state": [ApplicationState.SUBMITTED, app.state], "clause": chosen.ordinal},
    )
    _notify_candidate(
        app,
        decision,
        "报名审核通过",
        f"您申报的{app.batch.name}{level_name(app.batch_level.standard_level)}已通过资格审核"
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
    app = _for_review(actor, application)
    if reason is None or not reason.is_active:
        raise RegistrationError("请从列表中选择不通过原因。", field="reason")
    result = evaluate_application(app, on=_today(today))
    decision = ReviewDecision.objects.create(
        application=app,
        decision=Decision.REJECTED,
        reason=reason,
        note=note,
        evaluation=evaluation_snapshot(result),
        decided_by=actor,
    )
    app.state = ApplicationState.REJECTED
    app.decided_at = timezone.now()
    app.save(update_fields=["state", "decided_at", "updated_at"])
    audit.record(
        actor=actor,
        action="registration.reject_application",
        obj=app,
        changes={
            "state": [ApplicationState.SUBMITTED, app.state],
            "reason": reason.label,
            "note": note,
        },
    )
    level = level_name(app.batch_level.standard_level)
    body = f"您申报的{app.batch.name}{level}未通过资格审核，原因：{reason.label}"
    if note:
        body += f"（{note}）"
    _notify_candidate(app, decision, "报名审核未通过", body + "。")
    return app


@transaction.atomic
def return_application(
    *, actor: User, application: Application, note: str, today: date | None = None
) -> Application:
    """Send it back to the candidate for correction; the note says what to correct."""
    note = (note or "").strip()
    if not note:
        raise RegistrationError("退回修改须写明需要考生补正的内容。", field="note")
    app = _for_review(actor, application)
    result = evaluate_application(app, on=_today(today))
    decision = ReviewDecision.objects.create(
        application=app,
        decision=Decision.RETURNED,
        note=note,
        evaluation=evaluation_snapshot(result),
        decided_by=actor,
    )
    app.state = ApplicationState.RETURNED
    app.save(update_fields=["state", "updated_at"])
    audit.record(
        actor=actor,
        action="registration.return_application",
        obj=app,
        changes={"state": [ApplicationState.SUBMITTED, app.state], "note": note},
    )
    _notify_candidate(
        app,
        decision,
        "报名材料需补正",
        f"您申报的{app.batch.name}{level_name(app.batch_level.standard_level)}被退回修改：{note}",
    )
    return app


def get_application_for(actor: User, pk: int) -> Application:
    """The application if the actor is its candidate or may see its agency, else NotFound."""
    app = (
        Application.objects.select_related(
            "batch", "agency", "candidate", "batch_level__standard_level__standard__occupation"
        )
        .filter(pk=pk)
        .first()
    )
    if app is None:
        raise NotFound("未找到该申报，或您无权查看。")
    if app.candidate.user_id == actor.pk:
        return app
    require_visible_agency(actor, app.agency)
    return app

"""Announcements (细则第一条) and exam plans (细则第二条): every write, checked and audited here.

Publishing an announcement moves each batch it covers from draft to announced; publishing a
batch's exam plan moves it from announced to planned. Both are refused after their lead time
(``guard_deadline``) unless a supervisor recorded an exception.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from skillcert.batches.announcements.errors import (
    AnnouncementError,
    AnnouncementIncomplete,
    ExamPlanError,
)
from skillcert.batches.announcements.models import (
    Announcement,
    AnnouncementFee,
    AnnouncementStatus,
    ExamPlan,
)
from skillcert.batches.announcements.snapshots import (
    announcement_sites,
    announcement_snapshot,
    covered_levels,
    exam_plan_snapshot,
    sessions_of,
)
from skillcert.batches.deadline_rules import RULES_BY_STEP, days_of
from skillcert.batches.deadlines import DeadlineMissed, Step, deadline_for, guard_deadline
from skillcert.batches.models import Batch, BatchState, Site
from skillcert.batches.selectors import missing_sessions
from skillcert.batches.services.transitions import transition_batch
from skillcert.catalog.models import Level
from skillcert.core import audit
from skillcert.core.accounts.models import Membership, Role, User
from skillcert.core.accounts.permissions import require_role
from skillcert.core.accounts.roles import BATCH_TEAM, SIGNERS
from skillcert.core.errors import NotFound
from skillcert.core.formats import cn_date
from skillcert.core.notifications import notify
from skillcert.core.orgs.models import Agency

# The announcement's own fields a draft may set; batches, sites and fees have their own arguments.
EDITABLE_FIELDS = (
    "title",
    "number",
    "period_kind",
    "period_label",
    "registration_start",
    "registration_end",
    "timetable_text",
    "body",
    "contact_name",
    "contact_phone",
    "contact_address",
    "contact_email",
    "complaint_channel",
)


def _require_editable_fields(fields: Mapping[str, object]) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown announcement fields: {sorted(unknown)}")


_cn = cn_date  # the one date format of every page and message


def _check_batches(agency: Agency, batches: Iterable[Batch]) -> list[Batch]:
    """Covered batches are the agency's own and not yet announced."""
    result = []
    for batch in batches:
        if batch.agency_id != agency.pk:
            raise NotFound("未找到该批次，或您无权查看。")
        if batch.state != BatchState.DRAFT:
            raise AnnouncementError(
                f"批次“{batch.code} {batch.name}”当前状态为“{batch.get_state_display()}”，"
                "公告只能覆盖尚未公告的草稿批次。请从公告中移除该批次。",
                code="batch_not_draft",
            )
        result.append(batch)
    return result


def _check_sites(agency: Agency, sites: Iterable[Site]) -> list[Site]:
    result = list(sites)
    if any(s.agency_id != agency.pk for s in result):
        raise NotFound("未找到该考点，或您无权查看。")
    return result


def _set_fees(announcement: Announcement, fees_fen: Mapping[int, int | None]) -> None:
    """Keep the fees of the covered levels only; ``fees_fen`` maps standard-level id to fen."""
    levels = {sl.pk for sl in covered_levels(announcement.batches.all())}
    announcement.fees.exclude(standard_level_id__in=levels).delete()
    for level_id, fen in fees_fen.items():
        if level_id not in levels:
            continue
        if fen is None:
            announcement.fees.filter(standard_level_id=level_id).delete()
            continue
        if fen < 0:
            raise AnnouncementError("收费标准不能为负数。", code="negative_fee")
        AnnouncementFee.objects.update_or_create(
            announcement=announcement, standard_level_id=level_id, defaults={"fee_fen": fen}
        )


@transaction.atomic
def create_announcement(
    *,
    actor: User,
    agency: Agency,
    title: str,
    batches: Iterable[Batch] = (),
    sites: Iterable[Site] = (),
    **fields: object,
) -> Announcement:
    """A draft announcement; nothing is public until ``publish_announcement``."""
    require_role(actor, agency, *BATCH_TEAM)
    _require_editable_fields(fields)
    covered = _check_batches(agency, batches)
    chosen_sites = _check_sites(agency, sites)
    announcement = Announcement(agency=agency, title=title.strip(), created_by=actor, **fields)
    _check_registration(announcement)
    announcement.save()
    announcement.batches.set(covered)
    announcement.sites.set(chosen_sites)
    audit.record(
        actor=actor,
        action="announcement.create",
        obj=announcement,
        changes={"title": announcement.title, "batches": [b.code for b in covered]},
    )
    return announcement


def _check_registration(announcement: Announcement) -> None:
    start, end = announcement.registration_start, announcement.registration_end
    if start and end and end < start:
        raise AnnouncementError(
            f"报名截止日期（{_cn(end)}）早于报名开始日期（{_cn(start)}），请更正。",
            code="registration_order",
        )


def _locked_draft(actor: User, announcement: Announcement) -> Announcement:
    require_role(actor, announcement.agency, *BATCH_TEAM)
    announcement = Announcement.objects.select_for_update().get(pk=announcement.pk)
    if announcement.status != AnnouncementStatus.DRAFT:
        raise AnnouncementError(
            f"公告“{announcement.title}”的状态为“{announcement.get_status_display()}”，不能再修改。"
            "如内容有误，请撤回后另发新公告。",
            code="not_draft",
        )
    return announcement


@transaction.atomic
def update_announcement(
    *,
    actor: User,
    announcement: Announcement,
    batches: Iterable[Batch] | None = None,
    sites: Iterable[Site] | None = None,
    fees_fen: Mapping[int, int | None] | None = None,
    **fields: object,
) -> Announcement:
    """Change a draft: its fields, covered batches, chosen sites and fees (fen per level id)."""
    announcement = _locked_draft(actor, announcement)
    _require_editable_fields(fields)
    changes: dict[str, object] = {}
    for name, value in fields.items():
        if getattr(announcement, name) != value:
            changes[name] = [str(getattr(announcement, name)), str(value)]
            setattr(announcement, name, value)
    _check_registration(announcement)
    announcement.save()
    if batches is not None:
        covered = _check_batches(announcement.agency, batches)
        before = sorted(announcement.batches.values_list("code", flat=True))
        announcement.batches.set(covered)
        after = sorted(b.code for b in covered)
        if before != after:
            changes["batches"] = [before, after]
    if sites is not None:
        announcement.sites.set(_check_sites(announcement.agency, sites))
    if fees_fen is not None or batches is not None:
        before_fees = dict(announcement.fees.values_list("standard_level_id", "fee_fen"))
        _set_fees(announcement, fees_fen or {})
        after_fees = dict(announcement.fees.values_list("standard_level_id", "fee_fen"))
        if before_fees != after_fees:
            changes["fees_fen"] = [before_fees, after_fees]
    audit.record(actor=actor, action="announcement.update", obj=announcement, changes=changes)
    return announcement


def missing_for_publication(announcement: Announcement) -> list[str]:
    """Each item 细则第一条 requires that the notice does not state yet, in Chinese."""
    missing: list[str] = []
    batches = list(announcement.batches.all())
    if not announcement.title.strip():
        missing.append("公告标题")
    if not batches:
        missing.append("认定批次（至少一个）")
    if not (announcement.registration_start and announcement.registration_end):
        missing.append("报名时限（开始和截止日期）")
    sessions = sessions_of(batches) if batches else []
    if batches and not announcement.timetable_text.strip() and not sessions:
        missing.append("认定时间安排（填写或为批次安排场次）")
    # A batch announced with a subject unscheduled cannot publish its plan (细则第二条) and, once
    # announced, no longer edits its plan freely: every subject of every level needs a session.
    for batch in batches:
        missing += [
            f"认定时间安排：批次“{batch.code}”{gap}尚未安排场次" for gap in missing_sessions(batch)
        ]
    levels = covered_levels(batches) if batches else []
    if batches and not levels:
        missing.append("开展认定的职业（工种）和等级（批次尚未添加等级）")
    fees = set(announcement.fees.values_list("standard_level_id", flat=True))
    for sl in levels:
        name = f"{sl.standard.occupation.name}{Level(sl.level).label}"
        if sl.pk not in fees:
            missing.append(f"收费标准：{name}")
        if not sl.eligibility_clauses.all():
            missing.append(f"申报条件：{name}（目录中尚无该等级的申报条件，请联系鉴定中心补录）")
    if batches and not announcement_sites(announcement, sessions):
        missing.append("认定考点")
    contact = {
        "联系人": announcement.contact_name,
        "联系电话": announcement.contact_phone,
        "联系地址": announcement.contact_address,
    }
    missing += [f"联系方式：{label}" for label, value in contact.items() if not value.strip()]
    if not announcement.complaint_channel.strip():
        missing.append("投诉举报渠道")
    return missing


@transaction.atomic
def publish_announcement(
    *, actor: User, announcement: Announcement, on: date | None = None
) -> Announcement:
    """Publish the notice and announce every batch it covers (细则第一条).

    Refused when an item the article requires is missing (each one named), when a covered
    batch is no longer a draft, or when any covered batch is closer than the lead time.
    """
    require_role(actor, announcement.agency, *SIGNERS)
    announcement = _locked_draft(actor, announcement)
    today = timezone.localdate()
    # A publication recorded for an earlier day (the demo's history) carries that day as its
    # date, so that the notice never reads as published after its own registration period.
    backdated = on is not None and on < today
    on = on or today
    batches = _check_batches(
        announcement.agency, announcement.batches.order_by("first_exam_day", "code")
    )
    missing = missing_for_publication(announcement)
    if missing:
        raise AnnouncementIncomplete(missing)
    for batch in batches:
        if announcement.registration_end and announcement.registration_end >= batch.first_exam_day:
            raise AnnouncementError(
                f"报名截止日期（{_cn(announcement.registration_end)}）须早于批次“{batch.code}”"
                f"的首个考试日（{_cn(batch.first_exam_day)}），请调整报名时限。",
                code="registration_after_exam",
            )
        _check_registration_before_report(announcement, batch)
        try:
            guard_deadline(batch, Step.ANNOUNCEMENT, on=on)
        except DeadlineMissed as exc:
            raise DeadlineMissed(
                f"批次“{batch.code} {batch.name}”（首个考试日{_cn(batch.first_exam_day)}）："
                f"{exc.message}"
            ) from exc
    now = timezone.make_aware(datetime.combine(on, time(9, 0))) if backdated else timezone.now()
    announcement.snapshot = announcement_snapshot(announcement, published_at=now)
    announcement.status = AnnouncementStatus.PUBLISHED
    announcement.published_at = now
    announcement.published_by = actor
    announcement.save(update_fields=["snapshot", "status", "published_at", "published_by"])
    for batch in batches:
        transition_batch(actor=actor, batch=batch, to=BatchState.ANNOUNCED)
    audit.record(
        actor=actor,
        action="announcement.publish",
        obj=announcement,
        changes={"batches": [b.code for b in batches], "on": on.isoformat()},
    )
    return announcement


def _check_registration_before_report(announcement: Announcement, batch: Batch) -> None:
    """细则第五条: the approved list is reported and publicised by its deadline, so registration
    must have closed before that day, or the report cuts it short."""
    end = announcement.registration_end
    if end is None:
        return
    deadline = deadline_for(batch, Step.DATA_REPORT)
    if end < deadline:
        return
    n = days_of(RULES_BY_STEP[Step.DATA_REPORT.value], batch.rule_set.param)
    raise AnnouncementError(
        f"报名截止日期（{_cn(end)}）须早于批次“{batch.code}”考生数据上报及名单公示的截止日期"
        f"（{_cn(deadline)}，认定前{n}个工作日，细则第五条），以便审核后按时上报并公示。"
        f"请将报名截止日期调整到{_cn(deadline)}之前。",
        code="registration_after_data_report",
    )


@transaction.atomic
def withdraw_announcement(*, actor: User, announcement: Announcement, reason: str) -> Announcement:
    """Withdraw a published notice; the public page keeps it, marked withdrawn with the reason."""
    require_role(actor, announcement.agency, *SIGNERS)
    announcement = Announcement.objects.select_for_update().get(pk=announcement.pk)
    if announcement.status != AnnouncementStatus.PUBLISHED:
        raise AnnouncementError(
            f"公告“{announcement.title}”当前为{announcement.get_status_display()}，"
            "只有已发布的公告可以撤回。",
            code="not_published",
        )
    reason = reason.strip()
    if not reason:
        raise AnnouncementError(
            "撤回公告须填写原因，原因将在公示页上显示。", code="reason_required"
        )
    batches = list(announcement.batches.select_for_update().order_by("first_exam_day", "code"))
    past = [b for b in batches if b.state not in (BatchState.ANNOUNCED, BatchState.CANCELLED)]
    if past:
        listed = "、".join(f"“{b.code}”（{b.get_state_display()}）" for b in past)
        raise AnnouncementError(
            f"公告所含批次{listed}已发布考试计划，报名和考务安排以本公告为依据，不能撤回公告。"
            "如需调整考试时间、地点或增加场次，请提交考务变更申请（细则第十条）；"
            "如需停办，请取消批次。",
            code="batches_under_way",
        )
    announcement.status = AnnouncementStatus.WITHDRAWN
    announcement.withdrawn_at = timezone.now()
    announcement.withdrawn_by = actor
    announcement.withdraw_reason = reason
    announcement.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "withdraw_reason"])
    audit.record(
        actor=actor, action="announcement.withdraw", obj=announcement, changes={"reason": reason}
    )
    # 细则第一条: without a notice the batches are back in planning, where their plan can be
    # completed and a new notice drafted.
    for batch in batches:
        if batch.state == BatchState.ANNOUNCED:
            transition_batch(
                actor=actor, batch=batch, to=BatchState.DRAFT, reason=f"撤回公告：{reason}"
            )
    return announcement


@transaction.atomic
def delete_draft_announcement(*, actor: User, announcement: Announcement) -> None:
    """A draft nobody has seen may go; a published notice is only ever withdrawn."""
    announcement = _locked_draft(actor, announcement)
    audit.record(
        actor=actor,
        action="announcement.delete_draft",
        obj=announcement,
        changes={"title": announcement.title},
    )
    announcement.delete()


# --- exam plans (细则第二条) ---------------------------------------------------------------------


def _city_supervisors(agency: Agency) -> list[User]:
    return [
        m.user
        for m in Membership.objects.filter(
            role=Role.CITY_SUPERVISOR,
            centre_id=agency.centre_id,
            is_active=True,
            user__is_active=True,
        ).select_related("user")
    ]


@transaction.atomic
def publish_exam_plan(*, actor: User, batch: Batch, on: date | None = None) -> ExamPlan:
    """Publish the batch's exam plan on the platform and move it to planned (细则第二条)."""
    require_role(actor, batch.agency, *BATCH_TEAM)
    batch = Batch.objects.select_for_update().select_related("agency").get(pk=batch.pk)
    on = on or timezone.localdate()
    if batch.state != BatchState.ANNOUNCED:
        raise ExamPlanError(
            f"批次“{batch.code}”当前状态为“{batch.get_state_display()}”。考试计划须在公告发布后、"
            "且尚未发布计划时发布（细则第一条、第二条）。",
            code="batch_not_announced",
        )
    if ExamPlan.objects.filter(batch=batch).exists():
        raise ExamPlanError(f"批次“{batch.code}”的考试计划已经发布。", code="plan_exists")
    if not batch.levels.exists():
        raise ExamPlanError(
            f"批次“{batch.code}”尚未添加职业等级，请先添加等级和场次。", code="no_levels"
        )
    gaps = missing_sessions(batch)
    if gaps:
        listed = "；".join(f"{g.level}的{g.subject}" for g in gaps)
        raise ExamPlanError(
            f"考试计划须为每个等级的每个科目安排场次（细则第二条），尚缺：{listed}。",
            code="missing_sessions",
        )
    guard_deadline(batch, Step.PLAN, on=on)
    now = timezone.now()
    plan = ExamPlan.objects.create(
        batch=batch,
        published_at=now,
        published_by=actor,
        snapshot=exam_plan_snapshot(batch, published_at=now),
    )
    transition_batch(actor=actor, batch=batch, to=BatchState.PLANNED)
    audit.record(actor=actor, action="exam_plan.publish", obj=batch, changes={"on": on.isoformat()})
    notify(
        recipients=_city_supervisors(batch.agency),
        title=f"{batch.agency.name}发布了考试计划",
        body=f"批次“{batch.code} {batch.name}”，首个考试日{_cn(batch.first_exam_day)}。",
        url=reverse("announcements:plan_detail", args=[plan.pk]),
        channels=("in_app",),
        idempotency_key=f"exam_plan.{plan.pk}.published",
    )
    return plan

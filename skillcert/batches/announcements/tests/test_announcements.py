"""Publishing an announcement (细则第一条): complete, in time, covering own draft batches."""

from __future__ import annotations

from datetime import timedelta

import pytest

from skillcert.batches.announcements import services
from skillcert.batches.announcements.errors import AnnouncementError, AnnouncementIncomplete
from skillcert.batches.announcements.models import AnnouncementStatus
from skillcert.batches.announcements.tests.helpers import (
    ELIGIBILITY_TEXT,
    complete_announcement,
    ready_batch,
)
from skillcert.batches.deadlines import DeadlineMissed, Step, deadline_for, timeline
from skillcert.batches.models import BatchState
from skillcert.batches.services.transitions import transition_batch
from skillcert.batches.tests import factories as f
from skillcert.catalog.models import EligibilityClause
from skillcert.core.audit.models import AuditEvent
from skillcert.core.calendar import CalendarUnavailable
from skillcert.core.errors import NotFound, PermissionDenied

pytestmark = pytest.mark.django_db


def _cn(d) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def test_publish_refused_when_a_batch_is_closer_than_the_lead_time(exam_affairs_lead, agency):
    batch = ready_batch(agency, created_by=exam_affairs_lead)
    announcement = complete_announcement(exam_affairs_lead, agency, [batch])
    deadline = deadline_for(batch, Step.ANNOUNCEMENT)
    with pytest.raises(DeadlineMissed) as refused:
        services.publish_announcement(
            actor=exam_affairs_lead, announcement=announcement, on=deadline + timedelta(days=1)
        )
    message = refused.value.message
    assert batch.code in message and "细则第一条" in message and _cn(deadline) in message
    announcement.refresh_from_db()
    batch.refresh_from_db()
    assert announcement.status == AnnouncementStatus.DRAFT and not announcement.snapshot
    assert batch.state == BatchState.DRAFT


def test_one_late_batch_refuses_the_whole_announcement(exam_affairs_lead, agency):
    early = ready_batch(agency, created_by=exam_affairs_lead)
    late = ready_batch(
        agency, created_by=exam_affairs_lead, first=early.first_exam_day - timedelta(days=14)
    )
    announcement = complete_announcement(exam_affairs_lead, agency, [early, late])
    on = deadline_for(early, Step.ANNOUNCEMENT)
    assert on > deadline_for(late, Step.ANNOUNCEMENT)
    with pytest.raises(DeadlineMissed) as refused:
        services.publish_announcement(actor=exam_affairs_lead, announcement=announcement, on=on)
    assert late.code in refused.value.message and early.code not in refused.value.message
    early.refresh_from_db()
    assert early.state == BatchState.DRAFT


def test_publish_on_the_deadline_announces_every_batch(exam_affairs_lead, agency, agency_head):
    batch = ready_batch(agency, created_by=exam_affairs_lead)
    announcement = complete_announcement(exam_affairs_lead, agency, [batch])
    deadline = deadline_for(batch, Step.ANNOUNCEMENT)
    services.publish_announcement(actor=agency_head, announcement=announcement, on=deadline)
    announcement.refresh_from_db()
    batch.refresh_from_db()
    assert announcement.status == AnnouncementStatus.PUBLISHED
    assert announcement.published_by == agency_head
    assert batch.state == BatchState.ANNOUNCED
    snap = announcement.snapshot
    assert snap["items"][0]["eligibility"][0]["text"] == ELIGIBILITY_TEXT
    assert snap["items"][0]["fee_fen"] == 40500
    assert [s["subject"] for s in snap["timetable"]] == ["理论知识考试", "操作技能考核"]
    assert snap["sites"] == [{"name": "民族大道考点", "address": "南宁市青秀区民族大道100号"}]
    assert snap["complaint_channel"].startswith("南宁市职业技能鉴定指导中心")
    # The batch's timeline now shows the announcement step done.
    step = next(s for s in timeline(batch, today=deadline) if s.step == Step.ANNOUNCEMENT)
    assert step.status == "done"
    assert AuditEvent.objects.filter(action="announcement.publish").exists()


def test_publish_refused_without_complaint_channel_naming_it(exam_affairs_lead, agency):
    batch = ready_batch(agency, created_by=exam_affairs_lead)
    announcement = complete_announcement(exam_affairs_lead, agency, [batch], complaint_channel="")
    with pytest.raises(AnnouncementIncomplete) as refused:
        services.publish_announcement(
            actor=exam_affairs_lead,
            announcement=announcement,
            on=deadline_for(batch, Step.ANNOUNCEMENT),
        )
    assert refused.value.missing == ["投诉举报渠道"]
    assert "投诉举报渠道" in refused.value.message and "细则第一条" in refused.value.message


def test_every_missing_item_is_named(exam_affairs_lead, agency):
    empty = services.create_announcement(actor=exam_affairs_lead, agency=agency, title="空公告")
    with pytest.raises(AnnouncementIncomplete) as refused:
        services.publish_announcement(actor=exam_affairs_lead, announcement=empty)
    assert refused.value.missing == [
        "认定批次（至少一个）",
        "报名时限（开始和截止日期）",
        "联系方式：联系人",
        "联系方式：联系电话",
        "联系方式：联系地址",
        "投诉举报渠道",
    ]


def test_missing_fee_sessions_and_eligibility_are_named_per_level(exam_affairs_lead, agency):
    batch = ready_batch(agency, created_by=exam_affairs_lead, sessions=False)
    sl = batch.levels.get().standard_level
    EligibilityClause.objects.filter(standard_level=sl).delete()
    announcement = services.create_announcement(
        actor=exam_affairs_lead,
        agency=agency,
        title="缺项公告",
        batches=[batch],
        contact_name="黄老师",
        contact_phone="0771-5551234",
        contact_address="南宁",
        complaint_channel="监督电话",
    )
    missing = services.missing_for_publication(announcement)
    name = f"{sl.standard.occupation.name}四级/中级工"
    assert f"收费标准：{name}" in missing
    assert any(m.startswith(f"申报条件：{name}") for m in missing)
    assert "认定时间安排（填写或为批次安排场次）" in missing
    assert "认定考点" in missing


def test_another_agencys_batch_is_not_found(
    exam_affairs_lead, agency, other_agency, other_agency_admin
):
    theirs = f.batch(
        other_agency,
        created_by=other_agency_admin,
        first=ready_batch(agency, created_by=exam_affairs_lead).first_exam_day,
    )
    with pytest.raises(NotFound):
        services.create_announcement(
            actor=exam_affairs_lead, agency=agency, title="越权", batches=[theirs]
        )
    mine = services.create_announcement(actor=exam_affairs_lead, agency=agency, title="本机构")
    with pytest.raises(NotFound):
        services.update_announcement(actor=exam_affairs_lead, announcement=mine, batches=[theirs])
    # And another agency's staff cannot touch this agency's announcement at all.
    with pytest.raises(NotFound):
        services.publish_announcement(actor=other_agency_admin, announcement=mine)


def test_batch_no_longer_draft_is_refused(exam_affairs_lead, agency):
    batch = ready_batch(agency, created_by=exam_affairs_lead)
    announcement = complete_announcement(exam_affairs_lead, agency, [batch])
    transition_batch(
        actor=exam_affairs_lead, batch=batch, to=BatchState.CANCELLED, reason="场地不可用"
    )
    with pytest.raises(AnnouncementError) as refused:
        services.publish_announcement(
            actor=exam_affairs_lead,
            announcement=announcement,
            on=deadline_for(batch, Step.ANNOUNCEMENT),
        )
    assert refused.value.code == "batch_not_draft"
    assert batch.code in refused.value.message and "已取消" in refused.value.message


def test_staff_may_draft_but_only_lead_or_head_publish(exam_affairs_staff, examiner, agency):
    batch = ready_batch(agency, created_by=exam_affairs_staff)
    announcement = complete_announcement(exam_affairs_staff, agency, [batch])
    with pytest.raises(PermissionDenied):
        services.publish_announcement(actor=exam_affairs_staff, announcement=announcement)
    with pytest.raises(PermissionDenied):
        services.create_announcement(actor=examiner, agency=agency, title="x")


def test_published_notice_keeps_eligibility_text_after_catalogue_edit(exam_affairs_lead, agency):
    batch = ready_batch(agency, created_by=exam_affairs_lead)
    announcement = complete_announcement(exam_affairs_lead, agency, [batch])
    services.publish_announcement(
        actor=exam_affairs_lead,
        announcement=announcement,
        on=deadline_for(batch, Step.ANNOUNCEMENT),
    )
    EligibilityClause.objects.filter(standard_level=batch.levels.get().standard_level).update(
        text="修改后的申报条件"
    )
    announcement.refresh_from_db()
    assert announcement.snapshot["items"][0]["eligibility"][0]["text"] == ELIGIBILITY_TEXT
    with pytest.raises(AnnouncementError):
        services.update_announcement(actor=exam_affairs_lead, announcement=announcement, title="改")


def test_withdraw_needs_a_reason_and_keeps_the_notice(exam_affairs_lead, agency):
    batch = ready_batch(agency, created_by=exam_affairs_lead)
    announcement = complete_announcement(exam_affairs_lead, agency, [batch])
    with pytest.raises(AnnouncementError):
        services.withdraw_announcement(
            actor=exam_affairs_lead, announcement=announcement, reason="x"
        )
    services.publish_announcement(
        actor=exam_affairs_lead,
        announcement=announcement,
        on=deadline_for(batch, Step.ANNOUNCEMENT),
    )
    with pytest.raises(AnnouncementError) as refused:
        services.withdraw_announcement(
            actor=exam_affairs_lead, announcement=announcement, reason=" "
        )
    assert refused.value.code == "reason_required"
    services.withdraw_announcement(
        actor=exam_affairs_lead, announcement=announcement, reason="考点场地调整，另行公告"
    )
    announcement.refresh_from_db()
    assert announcement.status == AnnouncementStatus.WITHDRAWN
    assert announcement.withdraw_reason == "考点场地调整，另行公告"
    assert announcement.snapshot["title"] == "2026年第四季度职业技能等级认定公告"
    event = AuditEvent.objects.get(action="announcement.withdraw")
    assert event.changes == {"reason": "考点场地调整，另行公告"}
    # A withdrawn notice no longer counts as the batch's announcement.
    step = next(
        s for s in timeline(batch, today=batch.first_exam_day) if s.step == Step.ANNOUNCEMENT
    )
    assert step.status != "done"


def test_batch_in_a_year_without_calendar_data_cannot_be_announced(exam_affairs_lead, agency):
    from datetime import date

    batch = ready_batch(agency, created_by=exam_affairs_lead, first=date(2027, 3, 15))
    announcement = complete_announcement(
        exam_affairs_lead, agency, [batch],
        registration_start=date(2027, 1, 4), registration_end=date(2027, 2, 1),
    )  # fmt: skip
    with pytest.raises(CalendarUnavailable) as refused:
        services.publish_announcement(
            actor=exam_affairs_lead, announcement=announcement, on=date(2026, 12, 1)
        )
    assert "2027" in refused.value.message


def test_registration_must_close_before_the_exam(exam_affairs_lead, agency):
    batch = ready_batch(agency, created_by=exam_affairs_lead)
    announcement = complete_announcement(
        exam_affairs_lead, agency, [batch], registration_end=batch.first_exam_day
    )
    with pytest.raises(AnnouncementError) as refused:
        services.publish_announcement(
            actor=exam_affairs_lead,
            announcement=announcement,
            on=deadline_for(batch, Step.ANNOUNCEMENT),
        )
    assert refused.value.code == "registration_after_exam"

"""A batch cannot be stranded (issue 19, finding 3) and supervisors are told of what waits on them
(finding 8): every step below is a user's HTTP request, as the people involved would make it.

The announcement needs a session for every subject of every level (细则第一条、第二条); after
publication a session or a level is added through a change request the supervisor decides (第十条);
withdrawing the announcement returns its batches to planning. Registration must close before the
data-report deadline (第五条).
"""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.urls import reverse

from skillcert.batches.announcements.models import Announcement, AnnouncementStatus, ExamPlan
from skillcert.batches.announcements.tests.helpers import complete_announcement, ready_batch
from skillcert.batches.deadlines import Step, deadline_for
from skillcert.batches.models import BatchState, ChangeRequest, ChangeState, Session
from skillcert.batches.tests import factories as f
from skillcert.catalog.models import Subject, SubjectKind
from skillcert.catalog.tests import factories as catalog
from skillcert.core.accounts.models import Role
from skillcert.core.accounts.tests.factories import user_with_role
from skillcert.core.audit.models import AuditEvent
from skillcert.core.notifications.models import Notification
from skillcert.core.orgs.tests.factories import city_centre

pytestmark = pytest.mark.django_db


@pytest.fixture
def freeze(monkeypatch):
    def _freeze(day):
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)

    return _freeze


def _batch_missing_skill_session(agency, lead):
    batch = ready_batch(agency, created_by=lead, sessions=False)
    bl = batch.levels.get()
    room = f.room(batch.agency.sites.get())
    f.session(bl, site_=room.site, rooms=[room], kind=SubjectKind.THEORY)
    return batch, bl, room


def _publish(client, announcement):
    return client.post(reverse("announcements:publish", args=[announcement.pk]))


def _published_batch(client, agency, lead, freeze):
    batch = ready_batch(agency, created_by=lead)
    announcement = complete_announcement(lead, agency, [batch])
    freeze(deadline_for(batch, Step.ANNOUNCEMENT))
    client.force_login(lead)
    assert _publish(client, announcement).status_code == 302
    batch.refresh_from_db()
    assert batch.state == BatchState.ANNOUNCED
    return batch, announcement


def test_announcement_with_a_subject_lacking_a_session_is_refused_naming_it(
    client, agency, exam_affairs_lead, freeze
):
    batch, bl, _room = _batch_missing_skill_session(agency, exam_affairs_lead)
    announcement = complete_announcement(exam_affairs_lead, agency, [batch])
    freeze(deadline_for(batch, Step.ANNOUNCEMENT))
    client.force_login(exam_affairs_lead)

    response = _publish(client, announcement)

    page = response.content.decode()
    occupation = bl.standard_level.standard.occupation.name
    assert response.status_code == 400
    assert (
        f"认定时间安排：批次“{batch.code}”{occupation}四级/中级工的操作技能考核尚未安排场次" in page
    )
    assert "理论知识考试尚未安排场次" not in page
    announcement.refresh_from_db()
    batch.refresh_from_db()
    assert announcement.status == AnnouncementStatus.DRAFT
    assert batch.state == BatchState.DRAFT
    # The draft's own page names it too, before anyone presses publish.
    detail = client.get(reverse("announcements:detail", args=[announcement.pk])).content.decode()
    assert "操作技能考核尚未安排场次" in detail


def test_registration_end_on_or_after_the_data_report_deadline_is_refused(
    client, agency, exam_affairs_lead, freeze
):
    batch = ready_batch(agency, created_by=exam_affairs_lead)
    report_deadline = deadline_for(batch, Step.DATA_REPORT)
    late = complete_announcement(
        exam_affairs_lead, agency, [batch], registration_end=report_deadline
    )
    freeze(deadline_for(batch, Step.ANNOUNCEMENT))
    client.force_login(exam_affairs_lead)

    page = _publish(client, late).content.decode()

    cn = f"{report_deadline.year}年{report_deadline.month}月{report_deadline.day}日"
    assert "细则第五条" in page and f"（{cn}，认定前8个工作日" in page
    late.refresh_from_db()
    assert late.status == AnnouncementStatus.DRAFT
    # A day earlier is in time.
    client.post(
        reverse("announcements:edit", args=[late.pk]),
        {
            **_form_values(late),
            "registration_end": (report_deadline - timedelta(days=1)).isoformat(),
        },
    )
    assert _publish(client, late).status_code == 302
    late.refresh_from_db()
    assert late.status == AnnouncementStatus.PUBLISHED


def _form_values(announcement):
    values = {
        name: getattr(announcement, name) or ""
        for name in (
            "title", "number", "period_kind", "period_label", "timetable_text", "body",
            "contact_name", "contact_phone", "contact_address", "contact_email",
            "complaint_channel",
        )
    }  # fmt: skip
    values["registration_start"] = announcement.registration_start.isoformat()
    values["batches"] = [b.pk for b in announcement.batches.all()]
    for fee in announcement.fees.all():
        values[f"fee_{fee.standard_level_id}"] = f"{fee.fee_fen / 100:.2f}"
    return values


def test_after_publication_a_session_is_added_through_a_request_the_city_supervisor_approves(
    client, agency, exam_affairs_lead, exam_affairs_staff, city_supervisor, freeze
):
    batch, _ = _published_batch(client, agency, exam_affairs_lead, freeze)
    bl = batch.levels.get()
    theory = Subject.objects.get(standard_level=bl.standard_level, kind=SubjectKind.THEORY)
    room = f.room(batch.agency.sites.get(), name="第二理论考场")
    province = user_with_role(Role.PROVINCIAL_SUPERVISOR)
    elsewhere = user_with_role(Role.CITY_SUPERVISOR, centre=city_centre("柳州"))

    # Direct planning is closed: the form says where to go instead.
    client.force_login(exam_affairs_staff)
    page = client.get(reverse("batches:detail", args=[batch.pk])).content.decode()
    assert "申请增加场次" in page and "申请增加职业等级" in page
    values = {
        "subject": theory.pk,
        "date": batch.first_exam_day.isoformat(),
        "start_time": "14:00",
        "end_time": "15:30",
        "site": room.site_id,
        "rooms": [room.pk],
        "expected_candidates": 20,
    }
    refused = client.post(reverse("batches:session_add", args=[batch.pk]), values)
    assert "考务变更申请" in refused.content.decode()
    assert Session.objects.filter(batch=batch).count() == 2

    response = client.post(
        reverse("batches:change_add_session", args=[batch.pk]),
        {**values, "reason": "报名人数超出预计，需加开一场理论考试"},
    )
    assert response.status_code == 302
    change = ChangeRequest.objects.get()
    assert change.state == ChangeState.PENDING
    assert Session.objects.filter(batch=batch).count() == 2  # nothing added before approval

    # The supervisors who can decide are told, in the platform, and nobody else.
    asked = Notification.objects.filter(url=reverse("batches:change_detail", args=[change.pk]))
    assert set(asked.values_list("user_id", flat=True)) == {city_supervisor.pk, province.pk}
    assert "报名人数超出预计" in asked.first().body
    # ... and it waits on their home page as a to-do, not on another city's.
    client.force_login(city_supervisor)
    home = client.get(reverse("ui:home")).content.decode()
    assert "考务变更申请待审批" in home and reverse("batches:change_queue") in home
    client.force_login(elsewhere)
    assert "考务变更申请待审批" not in client.get(reverse("ui:home")).content.decode()
    assert client.get(reverse("batches:change_detail", args=[change.pk])).status_code == 404

    # Agency staff cannot approve their own request.
    client.force_login(exam_affairs_lead)
    forbidden = client.post(
        reverse("batches:change_detail", args=[change.pk]), {"decision": "approve", "note": ""}
    )
    assert forbidden.status_code == 403

    client.force_login(city_supervisor)
    queue = client.get(reverse("batches:change_queue")).content.decode()
    assert "增加场次" in queue and "第二理论考场" in queue
    response = client.post(
        reverse("batches:change_detail", args=[change.pk]), {"decision": "approve", "note": "同意"}
    )
    assert response.status_code == 302
    added = Session.objects.get(batch=batch, start_time=time(14, 0))
    assert list(added.rooms.all()) == [room]
    change.refresh_from_db()
    assert change.state == ChangeState.APPROVED and change.decided_by == city_supervisor
    told = Notification.objects.filter(title__startswith="考务变更：")
    assert exam_affairs_staff.pk in set(told.values_list("user_id", flat=True))
    assert "第二理论考场" in told.first().body
    assert AuditEvent.objects.filter(action="batch.change_approve").exists()
    assert "考务变更申请待审批" not in client.get(reverse("ui:home")).content.decode()


def test_a_level_added_after_publication_gets_its_sessions_and_the_plan_publishes(
    client, agency, exam_affairs_lead, city_supervisor, provincial_supervisor, freeze
):
    batch, _ = _published_batch(client, agency, exam_affairs_lead, freeze)
    new_level = f.standard_level(3)
    catalog.clause(new_level, text="满5年")
    f.scope(agency, new_level, granted_by=provincial_supervisor)
    site = batch.agency.sites.get()
    theory_room = f.room(site, name="三级理论考场")
    skill_room = f.room(site, name="三级实操考场", room_type="skill")

    client.force_login(exam_affairs_lead)
    response = client.post(
        reverse("batches:change_add_level", args=[batch.pk]),
        {
            "standard": new_level.standard_id,
            "level": 3,
            "expected_candidates": 10,
            "reason": "企业新增一批高级工申报",
        },
    )
    assert response.status_code == 302
    change = ChangeRequest.objects.get()
    client.force_login(city_supervisor)
    client.post(reverse("batches:change_detail", args=[change.pk]), {"decision": "approve"})
    assert batch.levels.count() == 2

    # The new level's subjects are named as lacking a session, each with its request link.
    client.force_login(exam_affairs_lead)
    page = client.get(reverse("batches:detail", args=[batch.pk])).content.decode()
    occupation = new_level.standard.occupation.name
    assert f"{occupation}三级/高级工的理论知识考试" in page
    assert f"{occupation}三级/高级工的操作技能考核" in page
    refused = client.post(reverse("announcements:plan_publish", args=[batch.pk]))
    assert "尚缺" in refused.content.decode()

    for kind, room, start in (
        (SubjectKind.THEORY, theory_room, "14:00"),
        (SubjectKind.SKILL, skill_room, "15:00"),
    ):
        subject = Subject.objects.get(standard_level=new_level, kind=kind)
        client.force_login(exam_affairs_lead)
        response = client.post(
            reverse("batches:change_add_session", args=[batch.pk]) + f"?subject={subject.pk}",
            {
                "subject": subject.pk,
                "date": batch.first_exam_day.isoformat(),
                "start_time": start,
                "end_time": "16:30",
                "site": site.pk,
                "rooms": [room.pk],
                "expected_candidates": 10,
                "reason": "为新增等级安排场次",
            },
        )
        assert response.status_code == 302, response.content.decode()
        pending = ChangeRequest.objects.get(state=ChangeState.PENDING)
        client.force_login(city_supervisor)
        client.post(reverse("batches:change_detail", args=[pending.pk]), {"decision": "approve"})

    client.force_login(exam_affairs_lead)
    response = client.post(reverse("announcements:plan_publish", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.state == BatchState.PLANNED and ExamPlan.objects.filter(batch=batch).exists()


def test_withdrawing_returns_the_batch_to_planning_and_the_plan_can_then_be_completed(
    client, agency, exam_affairs_lead, freeze
):
    batch, announcement = _published_batch(client, agency, exam_affairs_lead, freeze)
    # While the notice is up, the batch cannot be put back to draft by hand.
    client.post(reverse("batches:transition", args=[batch.pk]), {"to": "draft"})
    batch.refresh_from_db()
    assert batch.state == BatchState.ANNOUNCED

    response = client.post(
        reverse("announcements:withdraw", args=[announcement.pk]),
        {"reason": "漏排一个等级，另行公告"},
    )
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.state == BatchState.DRAFT
    moved = AuditEvent.objects.get(action="batch.transition", changes__state=["announced", "draft"])
    assert moved.changes["reason"] == "撤回公告：漏排一个等级，另行公告"

    # Back in planning: the plan is edited directly again, re-announced, and its plan published.
    bl = batch.levels.get()
    theory = Subject.objects.get(standard_level=bl.standard_level, kind=SubjectKind.THEORY)
    room = f.room(batch.agency.sites.get(), name="加开考场")
    response = client.post(
        reverse("batches:session_add", args=[batch.pk]),
        {
            "subject": theory.pk,
            "date": batch.first_exam_day.isoformat(),
            "start_time": "14:00",
            "end_time": "15:30",
            "site": room.site_id,
            "rooms": [room.pk],
            "expected_candidates": 10,
        },
    )
    assert response.status_code == 302
    again = complete_announcement(exam_affairs_lead, agency, [batch], title="重新发布的认定公告")
    assert _publish(client, again).status_code == 302
    freeze(deadline_for(batch, Step.PLAN))
    response = client.post(reverse("announcements:plan_publish", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.state == BatchState.PLANNED
    assert Announcement.objects.get(pk=announcement.pk).status == AnnouncementStatus.WITHDRAWN


def test_withdrawal_refused_once_a_covered_batch_has_its_plan(
    client, agency, exam_affairs_lead, freeze
):
    batch, announcement = _published_batch(client, agency, exam_affairs_lead, freeze)
    client.post(reverse("announcements:plan_publish", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.state == BatchState.PLANNED
    page = client.post(
        reverse("announcements:withdraw", args=[announcement.pk]), {"reason": "另行公告"}
    ).content.decode()
    assert "已发布考试计划" in page and "细则第十条" in page
    announcement.refresh_from_db()
    batch.refresh_from_db()
    assert announcement.status == AnnouncementStatus.PUBLISHED
    assert batch.state == BatchState.PLANNED


def test_a_late_step_waits_on_the_supervisor_as_a_to_do_until_an_exception_is_granted(
    client, agency, exam_affairs_lead, city_supervisor, freeze
):
    batch = ready_batch(agency, created_by=exam_affairs_lead)
    freeze(deadline_for(batch, Step.ANNOUNCEMENT) + timedelta(days=1))
    client.force_login(city_supervisor)
    home = client.get(reverse("ui:home")).content.decode()
    assert "批次环节已逾期，待决定是否准予例外" in home

    client.post(
        reverse("batches:exception", args=[batch.pk]),
        {"step": "announcement", "reason": "场地原因延误，准予补发公告"},
    )
    home = client.get(reverse("ui:home")).content.decode()
    assert "批次环节已逾期" not in home

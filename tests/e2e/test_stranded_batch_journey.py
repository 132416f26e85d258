"""Issue 19's stranded batch, avoided: an announcement covering a level whose skill subject has no
session is refused, naming it (细则第一条、第二条); the lead adds the session and publishes. After
publication a further session goes through a change request, which waits as a to-do on the city
supervisor's home page until approved (细则第十条).

"Today" is frozen at the announcement deadline of a batch whose first exam day follows National
Day; every date comes from the working-day calendar and the rule set.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from skillcert.batches.announcements import services as announcement_services
from skillcert.batches.announcements.hooks import register_completions
from skillcert.batches.announcements.models import AnnouncementStatus
from skillcert.batches.deadlines import Step, deadline_for
from skillcert.batches.models import BatchState, ChangeRequest, ChangeState, Room, RoomType, Site
from skillcert.batches.services import batches as batch_services
from skillcert.batches.services import sessions as session_services
from skillcert.catalog.demo import load_catalog_demo
from skillcert.catalog.models import Standard, Subject
from skillcert.core.accounts.models import User
from skillcert.core.calendar import working_days_before
from skillcert.core.orgs.models import Agency
from skillcert.core.rules import current_rule_set
from skillcert.demo.services import load_demo
from tests.e2e.test_batch_planning_journey import NANNING, _seed_catalogue, _sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

D = date(2026, 10, 12)  # the Monday after National Day week and its make-up Saturday


@pytest.fixture
def today(monkeypatch) -> date:
    frozen = working_days_before(D, current_rule_set().param("announce_lead_wd"))
    start = timezone.make_aware(datetime.combine(frozen, time(9, 0)))
    real_now = timezone.now
    real_start = real_now()
    monkeypatch.setattr(timezone, "now", lambda: start + (real_now() - real_start))
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: frozen)
    return frozen


def _batch_with_theory_only(lead: User, agency: Agency):
    """Planned through the services: the electrician level with its theory session only."""
    site = Site.objects.create(agency=agency, name="民族大道考点", address="南宁市民族大道100号")
    theory = Room.objects.create(
        site=site, name="101理论考场", room_type=RoomType.THEORY, capacity=30, seat_rows=6,
        seat_columns=5,
    )  # fmt: skip
    Room.objects.create(
        site=site, name="实训楼技能考场", room_type=RoomType.SKILL, capacity=30, seat_rows=6,
        seat_columns=5,
    )  # fmt: skip
    batch = batch_services.create_batch(
        actor=lead, agency=agency, code="NN-2026-10S", name="2026年10月电工四级认定",
        first_exam_day=D, last_exam_day=D,
    )  # fmt: skip
    electrician = Standard.objects.get(occupation__name="电工")
    bl = batch_services.add_batch_level(
        actor=lead, batch=batch, standard=electrician, level=4, expected_candidates=28
    )
    session_services.add_session(
        actor=lead, batch=batch, batch_level=bl,
        subject=Subject.objects.get(standard_level=bl.standard_level, kind="theory"),
        slot=session_services.SessionSlot(D, time(9, 0), time(10, 30), site, [theory]),
        expected_candidates=28,
    )  # fmt: skip
    announcement = announcement_services.create_announcement(
        actor=lead, agency=agency, title="2026年10月电工职业技能等级认定公告", batches=[batch],
        registration_start=working_days_before(D, 20),
        registration_end=deadline_for(batch, Step.DATA_REPORT) - timedelta(days=1),
        body="报名须提交《职业技能等级认定登记表》、本人身份证。", contact_name="黄老师",
        contact_phone="0771-5551234", contact_address="南宁市青秀区民族大道100号",
        complaint_channel="南宁市职业技能鉴定指导中心监督电话：0771-5550000",
    )  # fmt: skip
    announcement_services.update_announcement(
        actor=lead, announcement=announcement, fees_fen={bl.standard_level_id: 40500}
    )
    return batch, announcement


def test_stranded_batch_avoided(browser, live_server, screenshots_dir, today):
    register_completions()  # a deadlines test elsewhere may have swapped the step's function
    _seed_catalogue()
    load_demo()
    agency = Agency.objects.get(code=NANNING)
    load_catalog_demo(province_user=User.objects.get(username="gx.province"), agencies=[agency])
    lead = User.objects.get(username="nn.lead")
    batch, announcement = _batch_with_theory_only(lead, agency)
    base = live_server.url

    context, page = _sign_in(browser, live_server, "nn.lead")
    page.goto(f"{base}/announcements/{announcement.pk}/")
    page.get_by_role("link", name="发布公告").click()
    page.get_by_role("button", name="确认发布").click()
    refusal = page.locator("#publish-refused").inner_text()
    assert f"批次“{batch.code}”电工四级/中级工的操作技能考核尚未安排场次" in refusal
    page.screenshot(
        path=screenshots_dir / "announcement-refused-missing-session.png", full_page=True
    )
    announcement.refresh_from_db()
    assert announcement.status == AnnouncementStatus.DRAFT

    # The batch page names the gap too; the lead adds the skill session while still planning.
    page.goto(f"{base}/batches/{batch.pk}/")
    assert "操作技能考核" in page.locator("#plan-gaps").inner_text()
    page.get_by_role("link", name="添加场次").click()
    skill = Subject.objects.get(standard_level=batch.levels.get().standard_level, kind="skill")
    page.get_by_label("科目").select_option(value=str(skill.pk))
    page.get_by_label("开始时间").fill("14:00")
    page.get_by_label("结束时间").fill("15:00")
    page.locator("#id_site").select_option(label="民族大道考点")
    page.get_by_role("checkbox", name="民族大道考点 实训楼技能考场").check()
    page.get_by_label("预计人数").fill("28")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(f"{base}/batches/{batch.pk}/")
    assert page.locator("#plan-gaps").count() == 0

    page.goto(f"{base}/announcements/{announcement.pk}/")
    page.get_by_role("link", name="发布公告").click()
    page.get_by_role("button", name="确认发布").click()
    assert "公告已发布" in page.locator(".messages").inner_text()
    batch.refresh_from_db()
    assert batch.state == BatchState.ANNOUNCED

    # After publication a further session is a change request (细则第十条).
    page.goto(f"{base}/batches/{batch.pk}/")
    page.get_by_role("link", name="申请增加场次").last.click()
    theory = Subject.objects.get(standard_level=skill.standard_level, kind="theory")
    page.get_by_label("科目").select_option(value=str(theory.pk))
    page.get_by_label("开始时间").fill("10:45")
    page.get_by_label("结束时间").fill("12:15")
    page.locator("#id_site").select_option(label="民族大道考点")
    page.get_by_role("checkbox", name="民族大道考点 101理论考场").check()
    page.get_by_label("预计人数").fill("20")
    page.get_by_label("变更原因").fill("企业追加报名，需加开一场理论考试。")
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url(f"{base}/batches/{batch.pk}/")
    change = ChangeRequest.objects.get(batch=batch)
    context.close()

    context, page = _sign_in(browser, live_server, "nn.city")
    todo = page.get_by_text("考务变更申请待审批").first
    assert todo.is_visible()
    page.screenshot(path=screenshots_dir / "supervisor-change-todo.png", full_page=True)
    page.goto(f"{base}/batches/changes/{change.pk}/")
    page.get_by_label("审批意见").fill("同意加开。")
    page.get_by_role("button", name="同意变更").click()
    page.wait_for_url(f"{base}/batches/changes/")
    change.refresh_from_db()
    assert change.state == ChangeState.APPROVED
    assert batch.sessions.count() == 3
    context.close()

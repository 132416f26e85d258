"""Issue 5's journey: an agency plans a batch (sites, rooms, levels, sessions), its announcement
is refused while it covers a batch too close to its exam (细则第一条), then published for the
batch in time; the public reads the notice; the city centre approves a change (细则第十条).

"Today" is frozen inside 2026 (the live server thread shares the patched clock) at the
announcement deadline of a batch whose first exam day follows National Day: both dates come from
the working-day calendar and the rule set, never from a guess.
"""

from __future__ import annotations

import importlib
from datetime import date, datetime, time, timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from skillcert.batches.announcements.hooks import register_completions
from skillcert.batches.announcements.models import Announcement, AnnouncementStatus
from skillcert.batches.deadlines import Step, deadline_for
from skillcert.batches.models import Batch, BatchState, ChangeRequest, ChangeState, Room, Site
from skillcert.batches.services import batches as batch_services
from skillcert.batches.services import sessions as session_services
from skillcert.catalog.demo import load_catalog_demo
from skillcert.catalog.models import Standard, Subject
from skillcert.core.accounts.models import User
from skillcert.core.calendar import working_days_after, working_days_before
from skillcert.core.orgs.models import Agency
from skillcert.core.rules import current_rule_set
from skillcert.demo.services import DEMO_PASSWORD, load_demo
from tests.e2e.conftest import DESKTOP

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

D_IN_TIME = date(2026, 10, 12)  # the Monday after National Day week and its make-up Saturday
NANNING = "S450100001"


@pytest.fixture
def today(monkeypatch) -> date:
    """Freeze the clock at D_IN_TIME's announcement deadline, 09:00 Beijing time."""
    lead_wd = current_rule_set().param("announce_lead_wd")
    frozen = working_days_before(D_IN_TIME, lead_wd)
    start = timezone.make_aware(datetime.combine(frozen, time(9, 0)))
    real_now = timezone.now
    real_start = real_now()
    monkeypatch.setattr(timezone, "now", lambda: start + (real_now() - real_start))
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: frozen)
    return frozen


def _seed_catalogue() -> None:
    # A committed test starts from emptied tables; the catalogue's seed is a data migration.
    if not Standard.objects.exists():
        importlib.import_module("skillcert.catalog.migrations.0003_seed_catalogue").seed(apps, None)


def _sign_in(browser, live_server, username):
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")
    return context, page


def _late_batch(lead: User, agency: Agency, today: date) -> Batch:
    """A batch planned through the services whose first exam day is only 10 working days away."""
    electrician = Standard.objects.get(occupation__name="电工")
    batch = batch_services.create_batch(
        actor=lead,
        agency=agency,
        code="NN-2026-LATE",
        name="电工四级临时批次",
        first_exam_day=working_days_after(today, 10),
        last_exam_day=working_days_after(today, 10),
    )
    bl = batch_services.add_batch_level(
        actor=lead, batch=batch, standard=electrician, level=4, expected_candidates=20
    )
    # Complete apart from its timing: every subject has its session (细则第二条).
    site = Site.objects.create(agency=agency, name="临时考点", address="南宁市江南区星光大道1号")
    for kind, room_type, start in (("theory", "theory", 9), ("skill", "skill", 14)):
        room = Room.objects.create(
            site=site, name=f"{kind}考场", room_type=room_type, capacity=30, seat_rows=6,
            seat_columns=5,
        )  # fmt: skip
        session_services.add_session(
            actor=lead, batch=batch, batch_level=bl,
            subject=Subject.objects.get(standard_level=bl.standard_level, kind=kind),
            slot=session_services.SessionSlot(
                batch.first_exam_day, time(start, 0), time(start + 1, 30), site, [room]
            ),
            expected_candidates=20,
        )  # fmt: skip
    return batch


def test_announcement_refused_when_late_then_published_and_change_approved(
    browser, live_server, screenshots_dir, today
):
    register_completions()  # a deadlines test elsewhere may have swapped the step's function
    _seed_catalogue()
    load_demo()
    agency = Agency.objects.get(code=NANNING)
    load_catalog_demo(province_user=User.objects.get(username="gx.province"), agencies=[agency])
    lead = User.objects.get(username="nn.lead")
    late = _late_batch(lead, agency, today)
    assert deadline_for(late, Step.ANNOUNCEMENT) < today

    context, page = _sign_in(browser, live_server, "nn.lead")
    base = live_server.url

    # A site with a theory room and a skill room (细则第八条、第九条).
    page.goto(f"{base}/batches/sites/new/")
    page.get_by_label("考点名称").fill("民族大道考点")
    page.get_by_label("地址").fill("南宁市青秀区民族大道100号")
    page.get_by_role("button", name="保存").click()
    site = Site.objects.get(agency=agency, name="民族大道考点")
    for name, kind in (("101理论考场", "理论考场"), ("实训楼技能考场", "技能考场")):
        page.goto(f"{base}/batches/sites/{site.pk}/rooms/new/")
        page.get_by_label("考场名称").fill(name)
        page.get_by_label("考场类型").select_option(label=kind)
        page.get_by_label("容量（人）").fill("30")
        page.get_by_label("座位行数").fill("6")
        page.get_by_label("座位列数").fill("5")
        page.get_by_role("button", name="保存").click()
        page.wait_for_url(f"{base}/batches/sites/{site.pk}/")
    assert Room.objects.filter(site=site).count() == 2

    # The batch in time, with a level and both subjects' sessions.
    page.goto(f"{base}/batches/new/")
    page.get_by_label("批次编号").fill("NN-2026-10")
    page.get_by_label("批次名称").fill("2026年10月电工四级认定")
    page.get_by_label("首个考试日（D）").fill(D_IN_TIME.isoformat())
    page.get_by_label("最后考试日").fill(D_IN_TIME.isoformat())
    page.get_by_role("button", name="创建批次").click()
    batch = Batch.objects.get(code="NN-2026-10")
    page.wait_for_url(f"{base}/batches/{batch.pk}/")
    page.get_by_role("link", name="添加职业等级").click()
    page.get_by_label("职业技能标准").select_option(label="电工（2018年版）")
    page.get_by_label("等级").select_option(label="四级/中级工")
    page.get_by_label("预计人数").fill("28")
    page.get_by_role("button", name="添加").click()
    page.wait_for_url(f"{base}/batches/{batch.pk}/")
    subjects = Subject.objects.filter(standard_level__in=batch.levels.values("standard_level"))
    for subject, start, end, room in (
        (subjects.get(kind="theory"), "09:00", "10:30", "101理论考场"),
        (subjects.get(kind="skill"), "14:00", "15:00", "实训楼技能考场"),
    ):
        page.get_by_role("link", name="添加场次").click()
        page.get_by_label("科目").select_option(value=str(subject.pk))
        page.get_by_label("开始时间").fill(start)
        page.get_by_label("结束时间").fill(end)
        page.locator("#id_site").select_option(label="民族大道考点")
        page.get_by_role("checkbox", name=f"民族大道考点 {room}").check()
        page.get_by_label("预计人数").fill("28")
        page.get_by_role("button", name="保存").click()
        page.wait_for_url(f"{base}/batches/{batch.pk}/")
    assert batch.sessions.count() == 2

    # The announcement covers both batches: refused, naming the late one and its deadline.
    page.goto(f"{base}/announcements/new/")
    page.get_by_label("公告标题").fill("2026年第四季度职业技能等级认定公告")
    page.get_by_label("文号").fill("南示评〔2026〕12号")
    page.get_by_label("公告周期").select_option(label="季度")
    page.get_by_label("周期说明").fill("2026年第四季度")
    page.get_by_label(f"{batch.code} ", exact=False).check()
    page.get_by_label(f"{late.code} ", exact=False).check()
    page.get_by_label("报名开始日期").fill(today.isoformat())
    # Registration closes before the earlier batch's data-report deadline (细则第五条).
    registration_end = deadline_for(late, Step.DATA_REPORT) - timedelta(days=1)
    page.get_by_label("报名截止日期").fill(registration_end.isoformat())
    page.get_by_label("报考材料与要求").fill(
        "报名须提交《职业技能等级认定登记表》、本人身份证、学历证书；理论知识考试为笔试，"
        "操作技能考核为现场操作，均为百分制，60分（含）以上为合格。"
    )
    page.get_by_label("联系人").fill("黄老师")
    page.get_by_label("联系电话").fill("0771-5551234")
    page.get_by_label("联系地址").fill("南宁市青秀区民族大道100号")
    page.get_by_label("投诉举报渠道").fill("南宁市职业技能鉴定指导中心监督电话：0771-5550000")
    page.get_by_role("button", name="保存草稿").click()
    announcement = Announcement.objects.get(number="南示评〔2026〕12号")
    page.wait_for_url(f"{base}/announcements/{announcement.pk}/edit/")
    page.get_by_label("收费标准：电工 四级/中级工（元）").fill("405")
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_url(f"{base}/announcements/{announcement.pk}/")
    page.get_by_role("link", name="发布公告").click()
    page.get_by_role("button", name="确认发布").click()
    refusal = page.locator("#publish-refused").inner_text()
    late_deadline = deadline_for(late, Step.ANNOUNCEMENT)
    assert late.code in refusal and "细则第一条" in refusal
    assert f"{late_deadline.year}年{late_deadline.month}月{late_deadline.day}日" in refusal
    page.screenshot(path=screenshots_dir / "announcement-refused.png", full_page=True)
    announcement.refresh_from_db()
    assert announcement.status == AnnouncementStatus.DRAFT

    # Without the late batch it is in time (published on its deadline day, which complies).
    page.get_by_role("link", name="编辑").click()
    page.get_by_label(f"{late.code} ", exact=False).uncheck()
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_role("link", name="发布公告").click()
    page.get_by_role("button", name="确认发布").click()
    assert "公告已发布" in page.locator(".messages").inner_text()
    batch.refresh_from_db()
    assert batch.state == BatchState.ANNOUNCED

    page.goto(f"{base}/batches/{batch.pk}/")
    announce_row = page.get_by_role("row").filter(has_text="公告发布")
    assert "已完成" in announce_row.inner_text()
    page.screenshot(path=screenshots_dir / "batch-detail-timeline.png", full_page=True)

    # Anyone reads the notice without logging in, eligibility text from the catalogue included.
    public = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    public.goto(f"{base}/announcements/public/")
    public.get_by_role("link", name="2026年第四季度职业技能等级认定公告").click()
    text = public.locator("article.notice").inner_text()
    assert "申报条件" in text and "405.00 元/人" in text and "投诉举报渠道" in text
    assert "民族大道考点" in text and late.code not in text
    public.screenshot(path=screenshots_dir / "announcement-public.png", full_page=True)
    public.context.close()

    # 细则第十条: the agency asks to move the skill session; the city centre approves.
    skill = batch.sessions.get(subject__kind="skill")
    page.goto(f"{base}/batches/sessions/{skill.pk}/change/")
    page.get_by_label("开始时间").fill("15:00")
    page.get_by_label("结束时间").fill("16:00")
    page.locator("#id_site").select_option(label="民族大道考点")
    page.get_by_role("checkbox", name="民族大道考点 实训楼技能考场").check()
    page.get_by_label("变更原因").fill("实训设备上午检修，技能考核顺延一小时。")
    page.get_by_role("button", name="提交申请").click()
    change = ChangeRequest.objects.get(session=skill)
    context.close()

    context, page = _sign_in(browser, live_server, "nn.city")
    page.goto(f"{base}/batches/changes/{change.pk}/")
    page.get_by_label("审批意见").fill("理由充分，同意。")
    page.get_by_role("button", name="同意变更").click()
    page.wait_for_url(f"{base}/batches/changes/")
    change.refresh_from_db()
    skill.refresh_from_db()
    assert change.state == ChangeState.APPROVED
    assert skill.start_time == time(15, 0)
    page.goto(f"{base}/batches/changes/{change.pk}/")
    page.screenshot(path=screenshots_dir / "change-approved.png", full_page=True)
    context.close()

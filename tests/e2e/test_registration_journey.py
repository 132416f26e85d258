"""Issue 6's journey (细则第三、四条): a candidate signs up and registers on a phone, uploads a
real white JPEG photo and submits; a second person is registered at the window with too little
work experience; the reviewer approves the first and, finding no clause met for the second (the
approve button says why), rejects it with a reason from the list. Both are told.

"Today" is frozen inside 2026 (the live server thread shares the patched clock).
"""

from __future__ import annotations

import importlib
from datetime import date, datetime, time

import pytest
from django.apps import apps
from django.utils import timezone
from PIL import Image

from skillcert.core.accounts.models import Role
from skillcert.core.accounts.tests.factories import TEST_PASSWORD, user_with_role
from skillcert.core.notifications.models import Notification
from skillcert.registration.models import Application, ApplicationState, Material, RejectionReason
from skillcert.registration.services import eligibility
from skillcert.registration.tests.factories import (
    FACTS_NOT_ELIGIBLE,
    id_number,
    open_batch,
    person,
    submitted,
)
from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TODAY = date(2026, 9, 1)


@pytest.fixture
def today(monkeypatch) -> date:
    start = timezone.make_aware(datetime.combine(TODAY, time(9, 0)))
    real_now = timezone.now
    real_start = real_now()
    monkeypatch.setattr(timezone, "now", lambda: start + (real_now() - real_start))
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


def _seed_rejection_reasons() -> None:
    # A committed test starts from emptied tables; the reasons are seeded by a data migration.
    if not RejectionReason.objects.exists():
        module = importlib.import_module(
            "skillcert.registration.migrations.0002_seed_rejection_reasons"
        )
        module.seed(apps, None)


def _white_photo(folder) -> str:
    path = folder / "photo.jpg"
    Image.new("RGB", (295, 413), "white").save(path, "JPEG", quality=90)
    return str(path)


def test_register_on_a_phone_then_review(
    browser, live_server, today, media, agency, screenshots_dir
):
    _seed_rejection_reasons()
    lead = user_with_role(Role.EXAM_AFFAIRS_LEAD, agency=agency, username="nn.lead.e2e")
    batch, level = open_batch(agency, created_by=lead)
    window_person = person(lead, number=id_number(birth="19950512", seq="246"), name="黄立新")
    window_app = submitted(lead, batch, level, window_person, facts=FACTS_NOT_ELIGIBLE)

    # --- the candidate, on a phone ----------------------------------------------------------
    phone = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.goto(f"{live_server.url}/registration/signup/")
    page.get_by_label("姓名").fill("韦小敏")
    page.get_by_label("手机号码").fill("13800000001")
    page.locator("#id_password").fill("Kaoshi-2026-ok")
    page.get_by_label("再次输入密码").fill("Kaoshi-2026-ok")
    page.get_by_role("button", name="注册并填写申报表").click()
    page.wait_for_url(f"{live_server.url}/registration/apply/")

    page.get_by_label("证件号码").fill(id_number())
    page.locator("#id_name").fill("韦小敏")
    page.get_by_label("民族").select_option("壮族")
    page.get_by_label("文化程度").select_option("high_school")
    page.get_by_label("考生来源").select_option("enterprise")
    page.get_by_label("工作单位").fill("南宁某机械厂")
    page.get_by_label("通讯地址").fill("南宁市青秀区民族大道1号")
    page.get_by_label("报考批次与职业等级").select_option(str(level.pk))
    page.get_by_label("工作经历1：开始日期").fill("2015-03-01")
    page.get_by_label("工作经历1：单位").fill("南宁某机械厂")
    page.get_by_role("button", name="保存申报，下一步上传材料").click()
    page.wait_for_url(f"{live_server.url}/registration/applications/*/")
    assert page.get_by_text("满足", exact=True).first.is_visible()

    page.get_by_label("材料类型").select_option("photo")
    page.get_by_label("文件").set_input_files(_white_photo(media))
    page.get_by_role("button", name="上传", exact=True).click()
    page.get_by_text("材料已上传。").wait_for()
    assert page.get_by_role("link", name="photo.jpg").is_visible()
    page.screenshot(path=str(screenshots_dir / "registration-mobile.png"), full_page=True)
    # 细则第三条: the ID card's two sides too, before the application can be submitted.
    for kind in ("id_front", "id_back"):
        page.get_by_label("材料类型").select_option(kind)
        page.get_by_label("文件").set_input_files(_white_photo(media))
        page.get_by_role("button", name="上传", exact=True).click()
        page.get_by_text("材料已上传。").wait_for()
    page.get_by_role("button", name="提交审核").click()
    page.get_by_text("申报已提交，等待评价机构审核").wait_for()
    online_app = Application.objects.get(channel="online")
    assert online_app.state == ApplicationState.SUBMITTED
    assert {m.content_type for m in Material.objects.filter(application=online_app)} == {
        "image/jpeg"
    }

    # --- the reviewer, at a desk --------------------------------------------------------------
    desk = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    review = desk.new_page()
    review.goto(f"{live_server.url}/accounts/login/")
    review.get_by_label("用户名").fill(lead.username)
    review.get_by_label("密码").fill(TEST_PASSWORD)
    review.get_by_role("button", name="登录").click()
    review.wait_for_url(f"{live_server.url}/")
    review.goto(f"{live_server.url}/registration/review/")
    review.get_by_role("link", name=f"{batch.code} {batch.name}").click()
    review.get_by_role("link", name="韦小敏").click()
    assert review.get_by_text("满足申报条件").is_visible()
    assert review.get_by_role("img", name="一寸白底证件照").is_visible()
    review.screenshot(path=str(screenshots_dir / "review-application.png"), full_page=True)
    review.get_by_role("button", name="审核通过").click()
    review.get_by_text("已审核通过：韦小敏。").wait_for()

    review.get_by_role("link", name="黄立新").click()
    assert review.get_by_role("button", name="审核通过").is_disabled()
    assert review.get_by_text("不能通过：申报事实不满足任何一项申报条件").is_visible()
    reason = RejectionReason.objects.filter(is_active=True).first()
    review.get_by_label("不通过原因").select_option(str(reason.pk))
    review.get_by_label("补充说明").fill("从事本职业年限不足5年")
    review.get_by_role("button", name="审核不通过").click()
    review.get_by_text("已审核不通过：黄立新").wait_for()

    online_app.refresh_from_db()
    window_app.refresh_from_db()
    assert online_app.state == ApplicationState.APPROVED
    assert window_app.state == ApplicationState.REJECTED
    assert Notification.objects.filter(
        user=online_app.candidate.user, title="报名审核通过"
    ).exists()

    # The candidate sees the decision on the phone.
    page.goto(f"{live_server.url}/registration/mine/")
    assert page.get_by_text("审核通过").first.is_visible()
    assert eligibility.evaluate_application(window_app, on=TODAY).met is False

"""Issue 19 (findings 4, 5, 10): a candidate on a phone finds online registration from the login
page, signs up, fills the 申报表 and tries to submit with only a photo: the submission is refused,
naming the ID card's two sides, and the upload form stays; with them uploaded it goes through.
At a 1366 px desk screen every menu entry, 后台任务 included, is in view.

"Today" is frozen inside 2026 (the live server thread shares the patched clock).
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.utils import timezone
from PIL import Image

from skillcert.core.accounts.models import Role
from skillcert.core.accounts.tests.factories import TEST_PASSWORD, user_with_role
from skillcert.registration.models import Application, ApplicationState
from skillcert.registration.tests.factories import id_number, open_batch
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


def _scan(folder, name: str, size=(295, 413)) -> str:
    path = folder / name
    Image.new("RGB", size, "white").save(path, "JPEG", quality=90)
    return str(path)


def test_signup_from_the_login_page_and_submit_refused_for_missing_materials(
    browser, live_server, today, media, agency, screenshots_dir
):
    lead = user_with_role(Role.EXAM_AFFAIRS_LEAD, agency=agency, username="nn.lead.signup")
    _batch, level = open_batch(agency, created_by=lead)

    phone = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.screenshot(path=str(screenshots_dir / "login-signup-mobile.png"), full_page=True)
    page.get_by_role("link", name="注册并网上报名").click()
    page.wait_for_url(f"{live_server.url}/registration/signup/")
    # The rule is beside the password field before anything is typed.
    assert page.get_by_text("至少10个字符").is_visible()
    page.get_by_label("姓名").fill("韦小敏")
    page.get_by_label("手机号码").fill("13800000001")
    page.locator("#id_password").fill("12345")
    page.get_by_label("再次输入密码").fill("12345")
    page.get_by_role("button", name="注册并填写申报表").click()
    page.get_by_text("密码太短，至少需要10个字符。").wait_for()
    page.locator("#id_password").fill("Kaoshi-2026-ok")
    page.get_by_label("再次输入密码").fill("Kaoshi-2026-ok")
    page.get_by_role("button", name="注册并填写申报表").click()
    page.wait_for_url(f"{live_server.url}/registration/apply/")

    # Required selects start at 请选择: nothing is chosen for the candidate.
    assert page.get_by_label("民族").input_value() == ""
    page.get_by_label("证件号码").fill(id_number())
    page.locator("#id_name").fill("韦小敏")
    page.get_by_label("民族").select_option("壮族")
    page.get_by_label("文化程度").select_option("high_school")
    page.get_by_label("考生来源").select_option("enterprise")
    page.get_by_label("通讯地址").fill("南宁市青秀区民族大道1号")
    page.get_by_label("报考批次与职业等级").select_option(str(level.pk))
    page.get_by_label("工作经历1：开始日期").fill("2015-03-01")
    page.get_by_role("button", name="保存申报，下一步上传材料").click()
    page.wait_for_url(f"{live_server.url}/registration/applications/*/")

    page.get_by_label("材料类型").select_option("photo")
    page.get_by_label("文件").set_input_files(_scan(media, "photo.jpg"))
    page.get_by_role("button", name="上传", exact=True).click()
    page.get_by_text("材料已上传。").wait_for()
    page.get_by_role("button", name="提交审核").click()
    refusal = page.locator("#submit-error")
    refusal.wait_for()
    assert "尚缺材料：身份证人像面、身份证国徽面" in refusal.inner_text()
    assert page.get_by_role("button", name="上传", exact=True).is_visible()
    refusal.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots_dir / "submit-missing-materials-mobile.png"))
    app = Application.objects.get(channel="online")
    assert app.state == ApplicationState.DRAFT

    for kind in ("id_front", "id_back"):
        page.get_by_label("材料类型").select_option(kind)
        page.get_by_label("文件").set_input_files(_scan(media, f"{kind}.jpg", (856, 540)))
        page.get_by_role("button", name="上传", exact=True).click()
        page.get_by_text("材料已上传。").wait_for()
    page.get_by_role("button", name="提交审核").click()
    page.get_by_text("申报已提交，等待评价机构审核").wait_for()
    app.refresh_from_db()
    assert app.state == ApplicationState.SUBMITTED
    phone.close()

    # --- a desk screen: every menu entry in view --------------------------------------------
    desk = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    staff = desk.new_page()
    staff.goto(f"{live_server.url}/accounts/login/")
    staff.get_by_label("用户名").fill(lead.username)
    staff.get_by_label("密码").fill(TEST_PASSWORD)
    staff.get_by_role("button", name="登录").click()
    staff.wait_for_url(f"{live_server.url}/")
    jobs = staff.locator(".mainnav").get_by_role("link", name="后台任务")
    box = jobs.bounding_box()
    assert box is not None and box["x"] + box["width"] <= DESKTOP["width"]
    staff.screenshot(path=str(screenshots_dir / "nav-1366.png"))
    desk.close()

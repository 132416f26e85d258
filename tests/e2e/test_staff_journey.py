"""The agency administrator opens a staff account through the form, correcting an error first;
the provincial supervisor browses the agency list. Screenshots go to docs/screenshots/."""

from __future__ import annotations

import pytest

from skillcert.core.accounts.models import User
from skillcert.demo.services import DEMO_PASSWORD, load_demo
from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]


def _sign_in(browser, live_server, username, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")
    return context, page


def test_admin_creates_staff_after_fixing_a_taken_username(browser, live_server, screenshots_dir):
    load_demo()
    context, page = _sign_in(browser, live_server, "nn.admin", DESKTOP)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="人员账户").click()
    page.get_by_role("link", name="开设人员账户").click()
    page.get_by_label("用户名").fill("nn.examiner")  # already taken by the demo examiner
    page.get_by_label("姓名").fill("韦德明")
    page.get_by_label("手机号码").fill("13807710019")
    page.get_by_label("考评员").check()
    page.get_by_role("button", name="开设账户").click()

    username = page.get_by_label("用户名")
    assert username.get_attribute("aria-invalid") == "true"
    assert "已被使用" in page.locator("#id_username_error").inner_text()
    assert page.get_by_label("姓名").input_value() == "韦德明"
    assert page.get_by_label("考评员").is_checked()
    page.screenshot(path=screenshots_dir / "staff-form-error.png", full_page=True)

    username.fill("wei.deming")
    page.get_by_role("button", name="开设账户").click()
    page.wait_for_url(f"{live_server.url}/accounts/staff/")
    assert "初始密码" in page.locator(".messages").inner_text()
    assert page.get_by_role("cell", name="韦德明").is_visible()
    assert User.objects.get(username="wei.deming").must_change_password
    page.screenshot(path=screenshots_dir / "staff-list.png", full_page=True)
    context.close()


def test_supervisor_agency_list_on_desk_and_phone(browser, live_server, screenshots_dir):
    load_demo()
    for viewport, name in ((DESKTOP, "agency-list.png"), (PHONE, "agency-list-mobile.png")):
        context, page = _sign_in(browser, live_server, "gx.province", viewport)
        page.goto(f"{live_server.url}/orgs/")
        assert page.get_by_role("link", name="南宁市职业技能鉴定示范评价中心").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        page.screenshot(path=screenshots_dir / name, full_page=True)
        context.close()

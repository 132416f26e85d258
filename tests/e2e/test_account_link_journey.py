"""Issue 19's proof before linking, on a phone: a person registered at the agency's window signs
up and applies online with their ID number; the agency already holds their record, so the page
asks for a code sent to the phone on file (shown masked), and only the right code links the
account. What was typed on the form comes back after the proof.

"Today" is frozen inside 2026 (the live server thread shares the patched clock).
"""

from __future__ import annotations

import re

import pytest

from skillcert.core.accounts.models import Role
from skillcert.core.accounts.tests.factories import user_with_role
from skillcert.core.notifications.models import OutboxMessage
from skillcert.registration.models import Application, Candidate
from skillcert.registration.tests.factories import (
    FACTS_NOT_ELIGIBLE,
    id_number,
    open_batch,
    person,
    submitted,
)
from tests.e2e.conftest import PHONE
from tests.e2e.test_registration_journey import today  # noqa: F401  (the frozen clock fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NUMBER = id_number(birth="19930621", seq="135")


def test_a_code_to_the_phone_on_file_links_the_account(
    browser,
    live_server,
    today,  # noqa: F811
    agency,
    screenshots_dir,
):
    lead = user_with_role(Role.EXAM_AFFAIRS_LEAD, agency=agency, username="nn.lead.link")
    batch, level = open_batch(agency, created_by=lead)
    record = person(lead, number=NUMBER, name="陆海燕", phone="13877123456")
    window_app = submitted(lead, batch, level, record, facts=FACTS_NOT_ELIGIBLE)

    phone = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.goto(f"{live_server.url}/registration/signup/")
    page.get_by_label("姓名").fill("陆海燕")
    page.get_by_label("手机号码").fill("13600002222")
    page.locator("#id_password").fill("Kaoshi-2026-ok")
    page.get_by_label("再次输入密码").fill("Kaoshi-2026-ok")
    page.get_by_role("button", name="注册并填写申报表").click()
    page.wait_for_url(f"{live_server.url}/registration/apply/")

    page.get_by_label("证件号码").fill(NUMBER)
    page.locator("#id_name").fill("陆海燕")
    page.get_by_label("民族").select_option("壮族")
    page.get_by_label("文化程度").select_option("high_school")
    page.get_by_label("考生来源").select_option("enterprise")
    page.get_by_label("工作单位").fill("南宁某电子厂")
    page.get_by_label("通讯地址").fill("南宁市西乡塘区大学路5号")
    page.get_by_label("报考批次与职业等级").select_option(str(level.pk))
    page.get_by_label("工作经历1：开始日期").fill("2014-07-01")
    page.get_by_role("button", name="保存申报，下一步上传材料").click()
    page.wait_for_url(f"{live_server.url}/registration/link/*/")
    assert page.get_by_text("138****3456").is_visible()
    assert "13877123456" not in page.content()

    page.get_by_role("button", name="获取验证码").click()
    page.get_by_text("验证码已发送至 138****3456").wait_for()
    message = OutboxMessage.objects.get()
    assert message.recipient == "13877123456"
    code = re.search(r"验证码 (\d{6})", message.body).group(1)
    page.get_by_label("短信验证码").fill(code)
    page.screenshot(path=str(screenshots_dir / "link-account-mobile.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]  # nothing runs off the phone's screen
    page.get_by_role("button", name="验证并关联").click()
    page.wait_for_url(f"{live_server.url}/registration/apply/")
    page.get_by_text("验证成功，考生记录已关联到您的账户").wait_for()
    assert page.get_by_label("工作单位").input_value() == "南宁某电子厂"
    assert page.get_by_label("工作经历1：开始日期").input_value() == "2014-07-01"
    assert page.get_by_label("证件号码").input_value() == NUMBER

    assert Candidate.objects.get().user.phone == "13600002222"
    page.goto(f"{live_server.url}/registration/mine/")
    assert page.get_by_text(batch.name).first.is_visible()
    assert Application.objects.get() == window_app

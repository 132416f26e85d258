"""Signing in with the second factor in Chromium, with the Content-Security-Policy in force: a
demo agency administrator gives the code `manage.py demo_otp` prints; a new agency head binds an
authenticator by its QR code and is shown recovery codes once. No page may log a CSP violation.
Screenshots: second-factor.png, second-factor-setup.png, recovery-codes.png."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from skillcert.core.accounts.models import Role, User
from skillcert.core.accounts.tests.factories import TEST_PASSWORD, user_with_role
from skillcert.demo.services import DEMO_PASSWORD, load_demo
from tests.e2e.conftest import DESKTOP

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]


def _watch_console(page) -> list[str]:
    problems: list[str] = []
    page.on(
        "console",
        lambda msg: problems.append(msg.text) if msg.type in {"error", "warning"} else None,
    )
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    return problems


def _password_step(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def test_demo_admin_signs_in_with_the_printed_code(
    browser, live_server, settings, screenshots_dir, capsys
):
    settings.REQUIRE_SECOND_FACTOR = True
    settings.DEBUG = True  # demo_otp is a demo-only command
    load_demo()
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    problems = _watch_console(page)

    _password_step(page, live_server, "nn.admin", DEMO_PASSWORD)
    page.wait_for_url(re.compile(r".*/accounts/second-factor/.*"))
    # Nothing else is reachable before the code.
    page.goto(f"{live_server.url}/accounts/staff/")
    assert "/accounts/second-factor/" in page.url
    page.get_by_label("验证码").fill("000000")
    page.get_by_role("button", name="验证").click()
    assert "验证码不正确" in page.locator("#id_otp_token_error").inner_text()
    page.screenshot(path=screenshots_dir / "second-factor.png", full_page=True)

    # The wrong code makes the device wait a moment before it accepts another (throttle).
    page.wait_for_timeout(2500)
    call_command("demo_otp", "nn.admin")
    code = capsys.readouterr().out.strip()
    page.get_by_label("验证码").fill(code)
    page.get_by_role("button", name="验证").click()
    page.wait_for_url(f"{live_server.url}/accounts/staff/")
    assert page.get_by_role("heading", level=1).first.is_visible()
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
    context.close()


def test_new_head_binds_an_authenticator_by_qr_code(
    browser, live_server, settings, screenshots_dir, agency
):
    settings.REQUIRE_SECOND_FACTOR = True
    head = user_with_role(Role.AGENCY_HEAD, agency=agency, full_name="农家兴")
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    problems = _watch_console(page)

    _password_step(page, live_server, head.username, TEST_PASSWORD)
    page.wait_for_url(re.compile(r".*/accounts/second-factor/setup/.*"))
    assert page.locator(".otp-qr svg").is_visible()
    secret = page.locator("#otp-secret").inner_text().replace(" ", "")
    page.screenshot(path=screenshots_dir / "second-factor-setup.png", full_page=True)

    device = TOTPDevice.objects.get(user=User.objects.get(pk=head.pk), confirmed=False)
    import base64

    assert base64.b32encode(device.bin_key).decode().rstrip("=") == secret
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.get_by_label("验证码").fill(f"{totp.token():06d}")
    page.get_by_role("button", name="完成绑定").click()
    page.locator("#recovery-codes").wait_for()
    assert page.locator("#recovery-codes li").count() == settings.OTP_RECOVERY_CODE_COUNT
    page.screenshot(path=screenshots_dir / "recovery-codes.png", full_page=True)
    page.get_by_role("link", name="我已保存，继续").click()
    page.wait_for_url(f"{live_server.url}/")
    assert "机构负责人" in page.locator("h1.home-heading").inner_text()
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
    context.close()

"""Sign in through the login form as every demo role and photograph its home page.

The screenshots land in docs/screenshots/home-<role>.png for the user guide.
"""

from __future__ import annotations

import pytest

from skillcert.core.accounts.models import Role
from skillcert.demo.services import DEMO_PASSWORD, load_demo
from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]


def _sign_in_and_open_home(browser, live_server, username, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")
    return context, page


def _first_login_per_role():
    seen = {}
    for login in load_demo():
        seen.setdefault(login.role, login)
    return seen


def test_home_page_of_every_role(browser, live_server, screenshots_dir):
    logins = _first_login_per_role()
    assert set(logins) == {role.value for role in Role}
    for role, login in logins.items():
        context, page = _sign_in_and_open_home(browser, live_server, login.username, DESKTOP)
        heading = page.locator("h1.home-heading")
        heading.wait_for()
        assert Role(role).label in heading.inner_text()
        assert heading.is_visible()
        # Nothing may overflow the page sideways on a desk screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
        page.screenshot(path=screenshots_dir / f"home-{role}.png", full_page=True)
        context.close()


def test_candidate_home_on_a_phone(browser, live_server, screenshots_dir):
    load_demo()
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="登录").click()
    assert "请输入用户名" in page.locator("#id_username_error").inner_text()
    page.screenshot(path=screenshots_dir / "login-mobile.png", full_page=True)
    context.close()

    context, page = _sign_in_and_open_home(browser, live_server, "candidate", PHONE)
    heading = page.get_by_role("heading", level=1)
    assert "考生" in heading.inner_text()
    assert heading.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=screenshots_dir / "home-candidate-mobile.png", full_page=True)
    context.close()

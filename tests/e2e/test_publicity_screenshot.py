"""The public candidate list in a browser: found from the index, masked, printable, and open for
objections; photographed for the user guide (docs/screenshots/publicity-public.png)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from skillcert.registration.models import Objection
from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DAY = date(2026, 3, 16)


def test_public_publicity_page(browser, live_server, screenshots_dir, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: DAY)
    from skillcert.demo.services import load_demo

    load_demo()
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/registration/public/publicity/")
    page.get_by_role("link", name=re.compile("演示批次")).first.click()
    page.wait_for_url(re.compile(r".*/registration/public/publicity/\d+/"))
    heading = page.locator("h1")
    assert "考生名单公示" in heading.inner_text()
    body = page.locator("main").inner_text()
    assert "公示期：2026年3月16日" in body
    assert re.search(r"45\*{12}\d{3}[\dX]", body)
    assert not re.search(r"(?<!\d)\d{17}[\dX](?!\d)", body)
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    page.screenshot(path=screenshots_dir / "publicity-public.png", full_page=True)

    # Printing hides the objection form and the navigation.
    page.emulate_media(media="print")
    assert not page.locator("#objection").is_visible()
    page.emulate_media(media="screen")

    page.get_by_label("您的姓名").fill("王先生")
    page.get_by_label("联系方式").fill("wang@example.cn")
    page.get_by_label("异议内容").fill("名单中韦*菊（尾号）在本单位工作未满一年，请核实。")
    page.get_by_role("button", name="提交异议").click()
    page.get_by_text("您的异议已提交").wait_for()
    assert Objection.objects.get().name == "王先生"
    context.close()

    phone = browser.new_context(viewport=PHONE, locale="zh-CN")
    small = phone.new_page()
    small.goto(page.url.split("?")[0])
    assert small.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.close()

"""Issue 6, bulk registration (细则第三条): an agency's exam-affairs lead downloads the batch's
cohort template, fills it in, uploads it with one wrong ID number, reads the error list and the
downloadable error report, fixes the row, uploads again and imports with the progress bar.

"Today" is frozen inside 2026 (the live server thread shares the patched clock).
"""

from __future__ import annotations

from datetime import datetime, time

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from skillcert.core.accounts.models import Role
from skillcert.core.accounts.tests.factories import TEST_PASSWORD, user_with_role
from skillcert.registration.models import Application, Channel
from skillcert.registration.tests.factories import (
    IMPORT_TODAY as TODAY,
)
from skillcert.registration.tests.factories import (
    cohort_row as row,
)
from skillcert.registration.tests.factories import (
    fresh_id_number as id_number,
)
from skillcert.registration.tests.factories import (
    import_batch as open_batch,
)
from skillcert.registration.tests.factories import (
    with_bad_check_digit,
)
from tests.e2e.conftest import DESKTOP

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def today(monkeypatch):
    start = timezone.make_aware(datetime.combine(TODAY, time(9, 0)))
    real_now = timezone.now
    real_start = real_now()
    monkeypatch.setattr(timezone, "now", lambda: start + (real_now() - real_start))
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


def _fill(template_path, rows, out_path) -> str:
    book = load_workbook(template_path)
    sheet = book["报名信息"]
    headers = [c.value for c in sheet[1]]
    for values in rows:
        sheet.append([values.get(h, "") for h in headers])
    book.save(out_path)
    return str(out_path)


def test_import_a_cohort_after_fixing_the_error_report(
    browser, live_server, today, agency, settings, tmp_path, screenshots_dir
):
    settings.MEDIA_ROOT = tmp_path / "media"
    lead = user_with_role(Role.EXAM_AFFAIRS_LEAD, agency=agency, username="nn.lead.import")
    batch = open_batch(agency, created_by=lead)
    good = [row(batch, 证件号码=id_number(), 姓名=name) for name in ("韦小芳", "黄立新", "覃海燕")]
    wrong = with_bad_check_digit(id_number(birth="19880615"))
    bad = row(batch, 证件号码=wrong, 姓名="蒙志强")

    context = browser.new_context(viewport=DESKTOP, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("nn.lead.import")
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")

    page.get_by_role("link", name="批量报名").first.click()
    page.wait_for_url(f"{live_server.url}/registration/import/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载模板").click()
    template = tmp_path / "template.xlsx"
    download_info.value.save_as(template)

    # --- a file with one wrong ID number: every problem listed, nothing written ------------
    page.get_by_role("link", name="上传", exact=True).click()
    page.get_by_label("报名文件").set_input_files(
        _fill(template, [*good[:2], bad, good[2]], tmp_path / "第一版.xlsx")
    )
    page.get_by_role("button", name="上传并校验").click()
    page.get_by_text("校验未通过：共 1 处错误，未写入任何申报。").wait_for()
    errors = page.locator("#import-errors")
    assert errors.get_by_text("第 4 行").is_visible()
    assert errors.get_by_text("身份证号码校验位不正确，请核对号码。").is_visible()
    assert wrong not in page.content()
    assert page.get_by_role("link", name="导入", exact=True).count() == 0
    with page.expect_download() as report_info:
        page.get_by_role("link", name="下载错误报告").click()
    report_info.value.save_as(tmp_path / "错误报告.xlsx")
    report = load_workbook(tmp_path / "错误报告.xlsx").active
    assert list(report.values)[1][:2] == (4, "证件号码")
    page.screenshot(path=str(screenshots_dir / "import-errors.png"), full_page=True)
    assert Application.objects.count() == 0

    # --- the fixed file: checked, confirmed, imported with the progress bar ----------------
    page.get_by_role("link", name="重新上传").click()
    fixed = {**bad, "证件号码": id_number(birth="19880615")}
    page.get_by_label("报名文件").set_input_files(
        _fill(template, [*good[:2], fixed, good[2]], tmp_path / "第二版.xlsx")
    )
    page.get_by_role("button", name="上传并校验").click()
    page.get_by_text("校验通过：4 行全部无误，可以导入。").wait_for()
    page.get_by_role("link", name="导入", exact=True).click()
    page.get_by_text("确定将“第二版.xlsx”的 4 行导入批次").wait_for()
    page.get_by_role("button", name="导入").click()
    page.get_by_text("已导入 4 条申报。").wait_for()
    assert page.locator("progress.job-bar").get_attribute("value") == "100"
    assert page.get_by_text("100%（4 / 4）").is_visible()
    page.screenshot(path=str(screenshots_dir / "import-done.png"), full_page=True)
    assert Application.objects.filter(batch=batch, channel=Channel.BULK).count() == 4
    context.close()

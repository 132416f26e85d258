"""``python manage.py demo``: load the demo data (idempotent) and print the logins."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.core.management.base import BaseCommand

from skillcert.core.accounts.models import SECOND_FACTOR_ROLES
from skillcert.demo.services import DEMO_PASSWORD, DEMO_URL, load_demo


def needs_code(role: str) -> bool:
    return role in {r.value for r in SECOND_FACTOR_ROLES}


def _width(text: str) -> int:
    # CJK characters take two columns in a terminal; pad by display width, not len().
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


class Command(BaseCommand):
    help = "Load the demo data (safe to run again) and print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        notes: list[str] = []
        logins = load_demo(notes=notes)
        rows = [("用户名", "角色", "组织")] + [
            (login.username, login.role_label, login.organisation) for login in logins
        ]
        widths = [max(_width(row[i]) for row in rows) for i in range(3)]
        lines = ["  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)) for row in rows]
        lines.insert(1, "  ".join("-" * w for w in widths))
        self.stdout.write("\n".join(lines))
        self.stdout.write("")
        self.stdout.write(f"所有演示账户的密码：{DEMO_PASSWORD}")
        self.stdout.write(f"打开 {DEMO_URL} 登录。")
        second = sorted({login.username for login in logins if needs_code(login.role)})
        self.stdout.write(
            "以下账户登录时还须输入身份验证器的 6 位验证码（演示账户已绑定）：" + "、".join(second)
        )
        self.stdout.write(
            "在另一个终端运行 `.venv/bin/python manage.py demo_otp 用户名` 即可得到当前验证码"
            "（30 秒内有效）。"
        )
        for note in notes:
            self.stdout.write(note)
        self._calendar_notice()

    def _calendar_notice(self) -> None:
        """Say plainly which holiday notices are missing: batches there cannot be scheduled."""
        from django.utils import timezone

        from skillcert.core.calendar.selectors import missing_years

        missing = sorted({year for year, _ in missing_years(today=timezone.localdate())})
        for year in missing:
            self.stdout.write(
                self.style.WARNING(
                    f"注意：{year}年的节假日安排（国务院通知或自治区“壮族三月三”通知）尚未录入，"
                    f"认定日期在{year}年的批次无法计算时限。请用 gx.province 登录，"
                    f"在“工作日历”页面录入或导入{year}年的通知。"
                )
            )

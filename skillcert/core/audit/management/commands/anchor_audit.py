"""python manage.py anchor_audit: sign the audit chain's head and keep a copy outside the table."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from skillcert.core.audit.anchors import anchor_dir, anchor_if_due, file_name, write_anchor


class Command(BaseCommand):
    help = "记录审计链当前链头的签名锚点（存入锚点表，并另存为 AUDIT_ANCHOR_DIR 下的文件）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-due", action="store_true", help="今天已有锚点时不再记录（供定时任务调用）"
        )

    def handle(self, *args: Any, if_due: bool, **options: Any) -> None:
        anchor = anchor_if_due() if if_due else write_anchor()
        if anchor is None:
            self.stdout.write("今天已记录过审计链锚点。")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"已记录 {anchor.day} 的审计链锚点：链头事件 #{anchor.last_event_id}，"
                f"共 {anchor.event_count} 条事件，文件 {anchor_dir() / file_name(anchor)}"
            )
        )

"""python manage.py restore <dir>: restore a backup into an empty database, then verify it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from skillcert.core.backup.services import BackupError, restore


class Command(BaseCommand):
    help = (
        "从备份目录恢复数据库与上传文件，并按清单核对行数、文件与审计链头。"
        "目标不为空时须加 --force。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="backup 命令写出的备份目录")
        parser.add_argument(
            "--force", action="store_true", help="目标数据库或上传目录不为空时仍覆盖"
        )
        parser.add_argument("--database", default="default", help="数据库别名")

    def handle(
        self, *args: Any, directory: Path, force: bool, database: str, **options: Any
    ) -> None:
        try:
            manifest = restore(directory, force=force, using=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        from skillcert.core.audit.verify import verify_chain

        self.stdout.write(
            self.style.SUCCESS(
                f"已恢复并核对：{len(manifest['tables'])} 张表、"
                f"{sum(manifest['tables'].values())} 行、{len(manifest['files'])} 个上传文件、"
                f"审计链头事件 #{manifest['audit_head']['last_event_id']}，均与清单一致。"
            )
        )
        chain = verify_chain()
        if chain.ok:
            self.stdout.write(f"审计链完整：{chain.verified} 条事件。")
        else:
            self.stderr.write(f"警告：恢复的审计链未通过校验：{chain.message}")

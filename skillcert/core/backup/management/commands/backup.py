"""python manage.py backup <dir>: the database and the uploaded files, with a manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from skillcert.core.backup.services import BackupError, backup


class Command(BaseCommand):
    help = "备份数据库（SQLite 在线备份 / PostgreSQL pg_dump）与上传文件，并写入清单。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="备份目录（须为新目录或空目录）")
        parser.add_argument("--database", default="default", help="数据库别名")

    def handle(self, *args: Any, directory: Path, database: str, **options: Any) -> None:
        try:
            result = backup(directory, using=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        manifest = result.manifest
        self.stdout.write(
            self.style.SUCCESS(
                f"已备份到 {directory}：{len(manifest['tables'])} 张表、"
                f"{sum(manifest['tables'].values())} 行、{len(manifest['files'])} 个上传文件；"
                f"审计链头事件 #{manifest['audit_head']['last_event_id']}。"
            )
        )

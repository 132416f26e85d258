"""python manage.py verify_audit: prove the audit trail is intact, or name the first broken link.

Every signed anchor, in the anchor table and in the files under AUDIT_ANCHOR_DIR (or
``--anchor-dir``), is checked against the chain too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from skillcert.core.audit.anchors import all_anchors
from skillcert.core.audit.verify import verify_chain


class Command(BaseCommand):
    help = "逐条校验审计链并核对每个签名锚点；链断开时指出第一处断点或缺失并以非零状态退出。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchor",
            help="此前在库外记下的链头哈希；校验它仍在链中，以发现链尾被删除的事件",
        )
        parser.add_argument(
            "--anchor-dir", type=Path, help="锚点文件所在目录（默认 AUDIT_ANCHOR_DIR）"
        )
        parser.add_argument("--chunk-size", type=int, default=2000, help="每次读取的事件数")

    def handle(
        self,
        *args: Any,
        anchor: str | None,
        anchor_dir: Path | None,
        chunk_size: int,
        **options: Any,
    ) -> None:
        anchors = all_anchors(anchor_dir)
        result = verify_chain(chunk_size=chunk_size, anchor=anchor, anchors=anchors)
        if not result.ok:
            raise CommandError(
                f"{result.message}（此前 {result.verified} 条事件完好）", returncode=1
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"审计链完整：已校验 {result.verified} 条事件、{result.anchors_checked} 个锚点。"
                f"链头哈希 {result.head_hash}"
            )
        )

"""Send the outbox's due messages (SMS, e-mail): once, or every N seconds with --loop.

notify() queues a delivery right after its transaction commits; this command is what retries the
messages that failed, and the fallback when the task queue is down. Run it from cron or as a
service: ``python manage.py deliver_outbox --loop 60``.
"""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from skillcert.core.notifications.services import deliver_outbox


class Command(BaseCommand):
    help = "发送待发的短信和电子邮件（失败的按退避时间重试）。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--limit", type=int, default=100, help="每轮最多发送条数")
        parser.add_argument(
            "--loop", type=float, default=0, metavar="SECONDS", help="每隔多少秒再发送一轮"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            report = deliver_outbox(limit=options["limit"])
            if options["verbosity"]:
                self.stdout.write(
                    f"已发送 {report.sent} 条，待重试 {report.retrying} 条，"
                    f"失败 {report.failed} 条。"
                )
            if not options["loop"]:
                return
            time.sleep(options["loop"])

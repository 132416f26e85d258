"""Run the process that executes queued jobs: django-tasks-db's ``db_worker`` with our defaults.

``make demo`` starts it in the background. SIGTERM or Ctrl+C stops it: at once when idle, or
after the current task when one is running (a second signal aborts that task, which is then
recorded as interrupted).

As it starts, the worker marks the jobs of workers that vanished (``kill -9``, a lost machine) as
interrupted, so they can be started again, and writes today's audit anchor if none exists yet.
"""

from __future__ import annotations

import signal
from argparse import ArgumentParser
from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

_SIGNALS = [signal.SIGINT, signal.SIGTERM] + (
    [signal.SIGQUIT] if hasattr(signal, "SIGQUIT") else []
)


class Command(DbWorkerCommand):
    help = "运行后台任务执行进程（导入、排座、组卷、PDF 等长任务）。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        # db_worker reloads on code changes when DEBUG is on; a reload kills a running import
        # half-way, so it is opt-in here.
        parser.set_defaults(reload=False)

    def handle(self, *args: Any, **options: Any) -> None:
        queues = options["queue_name"]
        mode = (
            "处理完现有任务后退出"
            if options["batch"]
            else f"空闲时每 {options['interval']:g} 秒查询一次"
        )
        if options["verbosity"]:
            self.stdout.write(f"后台任务执行进程已启动：队列 {queues}，{mode}。按 Ctrl+C 停止。")
        self._recover(options)
        # The worker installs its own signal handlers; put the previous ones back so that a
        # caller running it in-process (tests, --batch from a script) is left as it was.
        previous = {signum: signal.getsignal(signum) for signum in _SIGNALS}
        try:
            super().handle(*args, **options)
        except SystemExit as exc:
            # db_worker exits with 0 on the first signal while idle.
            if exc.code in (0, None):
                self._say_stopped(options)
            raise
        else:
            self._say_stopped(options)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def _recover(self, options: dict[str, Any]) -> None:
        from skillcert.core.audit.anchors import anchor_if_due
        from skillcert.core.jobs.services import recover_interrupted_jobs

        for job in recover_interrupted_jobs():
            if options["verbosity"]:
                self.stdout.write(
                    f"任务 #{job.pk}“{job.title}”的执行进程 {job.worker} 已不在，"
                    f"已标记为{job.get_status_display()}。"
                )
        anchor_if_due()

    def _say_stopped(self, options: dict[str, Any]) -> None:
        if options["verbosity"]:
            self.stdout.write("后台任务执行进程已停止。")

"""A job: one piece of long work (an import, a seating run, a PDF batch) and its progress record.

The django-tasks result row says whether the worker ran the task; this row says what the user
needs to see: how far the work got, what it produced, or why it failed, in Chinese.
"""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q

from skillcert.core.orgs.models import optional_agency


class JobStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "进行中"
    SUCCEEDED = "succeeded", "已完成"
    FAILED = "failed", "失败"
    CANCELLED = "cancelled", "已取消"
    # The worker running it vanished (killed, machine lost); nothing the handler did in its own
    # transaction was kept. The work may be started again.
    INTERRUPTED = "interrupted", "已中断"


ACTIVE_STATUSES = frozenset({JobStatus.QUEUED, JobStatus.RUNNING})


class Job(models.Model):
    kind = models.CharField(
        "任务类型", max_length=64, help_text="已登记的处理函数名，如 registration.import"
    )
    title = models.CharField("任务名称", max_length=200)
    status = models.CharField(
        "状态", max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    params = models.JSONField("参数", default=dict, blank=True, encoder=DjangoJSONEncoder)
    progress_done = models.PositiveIntegerField("已处理", default=0)
    # 0 means "not known yet": the bar is shown as indeterminate.
    progress_total = models.PositiveIntegerField("总数", default=0)
    message = models.CharField("进度说明", max_length=200, blank=True)
    result = models.JSONField("结果", null=True, blank=True, encoder=DjangoJSONEncoder)
    error = models.TextField("错误信息", blank=True)
    error_code = models.CharField("错误代码", max_length=64, blank=True)
    cancel_requested = models.BooleanField("已请求取消", default=False)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        on_delete=models.PROTECT,
        related_name="jobs",
    )
    agency = optional_agency(related_name="jobs")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    task_result_id = models.CharField("任务队列编号", max_length=64, blank=True)
    # Which worker process runs it ("host:pid") and until when it is presumed alive: every
    # progress write renews the lease (JOB_LEASE_SECONDS).
    worker = models.CharField("执行进程", max_length=100, blank=True)
    lease_expires_at = models.DateTimeField("租约到期", null=True, blank=True)

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["started_by", "-created_at"], name="job_starter_recent"),
            models.Index(fields=["agency", "-created_at"], name="job_agency_recent"),
        ]
        constraints = [
            models.CheckConstraint(
                name="job_status_valid", condition=Q(status__in=JobStatus.values)
            ),
            models.CheckConstraint(
                name="job_progress_within_total",
                condition=Q(progress_total=0) | Q(progress_done__lte=models.F("progress_total")),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_finished(self) -> bool:
        return not self.is_active

    @property
    def percent(self) -> int | None:
        """Whole percent done, or None while the total is unknown (an indeterminate bar)."""
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.progress_total:
            return None
        return min(100, self.progress_done * 100 // self.progress_total)

    @property
    def result_summary(self) -> str:
        return str((self.result or {}).get("summary", ""))

    @property
    def result_url(self) -> str:
        """The link to what the job produced, only if it is a path on this site.

        Handlers put ``url`` in their result; refusing anything but a local path keeps a
        ``javascript:`` or off-site link out of the page even if a handler is careless.
        """
        url = str((self.result or {}).get("url", ""))
        if url.startswith("/") and not url.startswith("//"):
            return url
        return ""

    @property
    def result_url_label(self) -> str:
        return str((self.result or {}).get("url_label", "")) or "下载结果"

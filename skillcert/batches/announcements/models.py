"""Announcements (细则第一条) and exam plans (第二条) of an agency's batches.

What the public reads is the ``snapshot`` frozen at publication: the catalogue's eligibility
text, the timetable and the fees as they stood that day. A later catalogue edit or session change
never rewrites a notice that has been published.
"""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q

from skillcert.core.formats import yuan


class PeriodKind(models.TextChoices):
    # 细则第一条: 公告发布时间可选择年初、季初或月初.
    YEAR = "year", "年度"
    QUARTER = "quarter", "季度"
    MONTH = "month", "月度"


class AnnouncementStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"


class Announcement(models.Model):
    """One 认定公告 of an agency, covering the batches of a year, a quarter or a month."""

    agency = models.ForeignKey(
        "orgs.Agency",
        verbose_name="评价机构",
        on_delete=models.PROTECT,
        related_name="announcements",
    )
    title = models.CharField("公告标题", max_length=200)
    number = models.CharField("文号", max_length=100, blank=True)
    period_kind = models.CharField(
        "公告周期", max_length=16, choices=PeriodKind.choices, default=PeriodKind.QUARTER
    )
    period_label = models.CharField(
        "周期说明", max_length=50, blank=True, help_text="如 2026年第四季度"
    )
    batches = models.ManyToManyField(
        "batches.Batch", verbose_name="认定批次", related_name="announcements", blank=True
    )
    registration_start = models.DateField("报名开始日期", null=True, blank=True)
    registration_end = models.DateField("报名截止日期", null=True, blank=True)
    timetable_text = models.TextField(
        "认定时间安排", blank=True, help_text="留空则按各批次的场次自动生成"
    )
    body = models.TextField("报考材料与要求", blank=True)
    sites = models.ManyToManyField(
        "batches.Site",
        verbose_name="认定考点",
        related_name="announcements",
        blank=True,
        help_text="不选则按各批次场次的考点列出",
    )
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    contact_address = models.CharField("联系地址", max_length=200, blank=True)
    contact_email = models.EmailField("电子邮箱", blank=True)
    complaint_channel = models.TextField(
        "投诉举报渠道", blank=True, help_text="细则第一条要求公告载明，发布前必填"
    )
    status = models.CharField(
        "状态",
        max_length=16,
        choices=AnnouncementStatus.choices,
        default=AnnouncementStatus.DRAFT,
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="撤回人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdraw_reason = models.TextField("撤回原因", blank=True)
    snapshot = models.JSONField("发布内容", default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "认定公告"
        verbose_name_plural = "认定公告"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-published_at"], name="announcement_public")]
        constraints = [
            models.CheckConstraint(
                name="announcement_status_valid",
                condition=Q(status__in=AnnouncementStatus.values),
            ),
            models.CheckConstraint(
                name="announcement_published_has_time",
                condition=Q(status=AnnouncementStatus.DRAFT) | Q(published_at__isnull=False),
            ),
            models.CheckConstraint(
                name="announcement_registration_order",
                condition=Q(registration_start__isnull=True)
                | Q(registration_end__isnull=True)
                | Q(registration_end__gte=models.F("registration_start")),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == AnnouncementStatus.DRAFT

    @property
    def is_public(self) -> bool:
        return self.status in (AnnouncementStatus.PUBLISHED, AnnouncementStatus.WITHDRAWN)


class AnnouncementFee(models.Model):
    """收费标准 of one occupation and level in an announcement, in integer fen."""

    announcement = models.ForeignKey(
        Announcement, verbose_name="公告", on_delete=models.CASCADE, related_name="fees"
    )
    standard_level = models.ForeignKey(
        "catalog.StandardLevel", verbose_name="职业等级", on_delete=models.PROTECT, related_name="+"
    )
    fee_fen = models.PositiveIntegerField("收费（分）")

    class Meta:
        verbose_name = "收费标准"
        verbose_name_plural = "收费标准"
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "standard_level"], name="announcement_fee_unique_level"
            )
        ]

    def __str__(self) -> str:
        return f"{self.standard_level} {self.yuan}元"

    @property
    def yuan(self) -> str:
        return yuan(self.fee_fen)


class ExamPlan(models.Model):
    """考试计划 of one batch (细则第二条), published on the platform as a frozen snapshot."""

    batch = models.OneToOneField(
        "batches.Batch", verbose_name="认定批次", on_delete=models.PROTECT, related_name="exam_plan"
    )
    published_at = models.DateTimeField("发布时间")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发布人", on_delete=models.PROTECT, related_name="+"
    )
    snapshot = models.JSONField("计划内容", default=dict, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = "考试计划"
        verbose_name_plural = "考试计划"
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return f"{self.batch} 考试计划"

    @property
    def agency(self):  # the owning agency, for tenancy checks and the audit trail
        return self.batch.agency

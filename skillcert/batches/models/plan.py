"""Sites and rooms, certification batches, the occupations and levels they cover, and sessions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from skillcert.core.formats import cn_date
from skillcert.core.rules.models import PinsRuleSet


class Site(models.Model):
    """A 考点 of an agency."""

    agency = models.ForeignKey(
        "orgs.Agency", verbose_name="评价机构", on_delete=models.PROTECT, related_name="sites"
    )
    name = models.CharField("考点名称", max_length=200)
    address = models.CharField("地址", max_length=200)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "考点"
        verbose_name_plural = "考点"
        ordering = ["agency_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="site_unique_name_per_agency")
        ]

    def __str__(self) -> str:
        return self.name


class RoomType(models.TextChoices):
    THEORY = "theory", "理论考场"
    SKILL = "skill", "技能考场"
    REVIEW = "review", "综合评审室"


class Room(models.Model):
    """A 考场 of a site."""

    site = models.ForeignKey(
        Site, verbose_name="考点", on_delete=models.PROTECT, related_name="rooms"
    )
    name = models.CharField("考场名称", max_length=100)
    room_type = models.CharField("考场类型", max_length=16, choices=RoomType.choices)
    capacity = models.PositiveIntegerField("容量（人）")
    seat_rows = models.PositiveSmallIntegerField("座位行数", default=0)
    seat_columns = models.PositiveSmallIntegerField("座位列数", default=0)
    cbt_terminals = models.PositiveIntegerField("机考终端数", default=0)
    equipment = models.TextField("设备清单", blank=True)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "考场"
        verbose_name_plural = "考场"
        ordering = ["site_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="room_unique_name_per_site"),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="room_capacity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.site.name} {self.name}"

    @property
    def agency(self):  # the owning agency, for tenancy checks and the audit trail
        return self.site.agency


class BatchState(models.TextChoices):
    DRAFT = "draft", "草稿"
    ANNOUNCED = "announced", "已公告"
    PLANNED = "planned", "已发布考试计划"
    REPORTED = "reported", "考生数据已上报"
    ARRANGED = "arranged", "已完成编排"
    SEALED = "sealed", "考场已封场"
    IN_PROGRESS = "in_progress", "考试进行中"
    SCORING = "scoring", "评分汇总中"
    PUBLICITY = "publicity", "成绩公示中"
    SUBMITTED = "submitted", "已报送审核"
    CERTIFIED = "certified", "证书已核发"
    ARCHIVED = "archived", "已归档"
    CANCELLED = "cancelled", "已取消"


class Batch(PinsRuleSet):
    """One certification event of one agency. D is ``first_exam_day``."""

    agency = models.ForeignKey(
        "orgs.Agency", verbose_name="评价机构", on_delete=models.PROTECT, related_name="batches"
    )
    code = models.CharField("批次编号", max_length=40)
    name = models.CharField("批次名称", max_length=200)
    first_exam_day = models.DateField("首个考试日（D）")
    last_exam_day = models.DateField("最后考试日")
    state = models.CharField(
        "状态", max_length=16, choices=BatchState.choices, default=BatchState.DRAFT
    )
    notes = models.TextField("备注", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    state_changed_at = models.DateTimeField("状态变更时间", null=True, blank=True)

    class Meta:
        verbose_name = "认定批次"
        verbose_name_plural = "认定批次"
        ordering = ["-first_exam_day", "code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="batch_unique_code_per_agency"),
            models.CheckConstraint(
                condition=Q(last_exam_day__gte=F("first_exam_day")),
                name="batch_last_day_not_before_first",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class BatchLevel(models.Model):
    """An occupation (standard) and level that a batch certifies."""

    batch = models.ForeignKey(
        Batch, verbose_name="批次", on_delete=models.CASCADE, related_name="levels"
    )
    standard_level = models.ForeignKey(
        "catalog.StandardLevel",
        verbose_name="职业等级",
        on_delete=models.PROTECT,
        related_name="+",
    )
    expected_candidates = models.PositiveIntegerField("预计人数", default=0)

    class Meta:
        verbose_name = "批次职业等级"
        verbose_name_plural = "批次职业等级"
        constraints = [
            models.UniqueConstraint(fields=["batch", "standard_level"], name="batch_level_unique")
        ]

    def __str__(self) -> str:
        return str(self.standard_level)

    @property
    def agency(self):  # the owning agency, for tenancy checks and the audit trail
        return self.batch.agency


class Session(models.Model):
    """A 场次: one subject of a batch's level at a date, time and site, in one or more rooms."""

    batch = models.ForeignKey(
        Batch, verbose_name="批次", on_delete=models.CASCADE, related_name="sessions"
    )
    batch_level = models.ForeignKey(
        BatchLevel, verbose_name="职业等级", on_delete=models.PROTECT, related_name="sessions"
    )
    subject = models.ForeignKey(
        "catalog.Subject", verbose_name="科目", on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField("日期")
    start_time = models.TimeField("开始时间")
    end_time = models.TimeField("结束时间")
    site = models.ForeignKey(Site, verbose_name="考点", on_delete=models.PROTECT, related_name="+")
    rooms = models.ManyToManyField(Room, verbose_name="考场", related_name="sessions", blank=True)
    expected_candidates = models.PositiveIntegerField("预计人数", default=0)

    class Meta:
        verbose_name = "场次"
        verbose_name_plural = "场次"
        ordering = ["date", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="session_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{cn_date(self.date)} {self.start_time:%H:%M} {self.subject}"

    @property
    def agency(self):  # the owning agency, for tenancy checks and the audit trail
        return self.batch.agency


class DeadlineException(models.Model):
    """A supervisor's recorded permission to do one step of one batch after its deadline.

    细则 sets the lead times; a late step is possible only with the supervising centre's consent,
    which is kept here with its reason so that a later review can see who allowed what and why.
    """

    batch = models.ForeignKey(
        Batch, verbose_name="批次", on_delete=models.CASCADE, related_name="deadline_exceptions"
    )
    step = models.CharField("环节", max_length=24)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="批准人", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField("理由")
    granted_at = models.DateTimeField("批准时间", auto_now_add=True)
    valid_until = models.DateField("有效期至", null=True, blank=True)

    class Meta:
        verbose_name = "时限例外"
        verbose_name_plural = "时限例外"
        ordering = ["-granted_at"]

    def __str__(self) -> str:
        return f"{self.batch} {self.step}"

    @property
    def agency(self):  # the owning agency, for tenancy checks and the audit trail
        return self.batch.agency

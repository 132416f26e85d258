"""The working-day calendar: exception days and, per year and region, whether the year is on file.

Only exceptions are stored: a weekday that is a holiday, or a weekend day that is worked (调休).
Every other Monday to Friday is a working day. Whether a year has data at all is an explicit
``CalendarYear`` row, never inferred from the presence of days, because a year without a single
exception row is unthinkable but a year with a few operator rows may still be incomplete.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Region(models.TextChoices):
    NATIONAL = "national", "全国"
    # 《广西壮族自治区少数民族习惯节日放假办法》: 壮族三月三, for all residents of the region.
    GUANGXI = "guangxi", "广西"


class Source(models.TextChoices):
    CHINESECALENDAR = "chinesecalendar", "chinesecalendar 软件包"
    STATE_COUNCIL = "state_council", "国务院办公厅通知"
    REGIONAL_NOTICE = "regional_notice", "自治区人民政府办公厅通知"
    OPERATOR = "operator", "操作员录入"


class CalendarDay(models.Model):
    date = models.DateField("日期")
    region = models.CharField("适用地区", max_length=16, choices=Region.choices)
    is_working_day = models.BooleanField("是否工作日")
    name = models.CharField(
        "名称", max_length=50, help_text="如 国庆节、春节、调休上班、壮族三月三"
    )
    source = models.CharField("来源", max_length=20, choices=Source.choices)
    provisional = models.BooleanField(
        "暂定", default=False, help_text="官方通知尚未存档，待操作员确认"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "日历例外日"
        verbose_name_plural = "日历例外日"
        ordering = ["date", "region"]
        constraints = [
            models.UniqueConstraint(fields=["date", "region"], name="calendar_day_unique_region"),
        ]

    def __str__(self) -> str:
        kind = "上班" if self.is_working_day else "休息"
        return f"{self.date:%Y-%m-%d} {self.name}（{kind}，{self.get_region_display()}）"


class CalendarYear(models.Model):
    """One year's data for one region is on file (or being entered, while ``complete`` is off)."""

    year = models.PositiveSmallIntegerField("年份")
    region = models.CharField("适用地区", max_length=16, choices=Region.choices)
    complete = models.BooleanField(
        "录入完成", default=False, help_text="未完成的年份不参与工作日计算"
    )
    source = models.CharField("来源", max_length=20, choices=Source.choices)
    note = models.CharField("说明", max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_at = models.DateTimeField("录入时间")
    # Touched by every service that writes a day of this year: the per-process cache compares
    # (row count, latest changed_at) to know when its copy is stale.
    changed_at = models.DateTimeField("最后修改", auto_now=True)

    class Meta:
        verbose_name = "日历年份"
        verbose_name_plural = "日历年份"
        ordering = ["-year", "region"]
        constraints = [
            models.UniqueConstraint(fields=["year", "region"], name="calendar_year_unique_region"),
            models.CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2100), name="calendar_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年（{self.get_region_display()}）"

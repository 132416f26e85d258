"""The data report, the candidate publicity and its objections (细则第五条), and bulk imports."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from skillcert.core.publicity.models import (
    ObjectionBase,
    Publication,
    ends_after_start,
)


class DataReport(models.Model):
    """The frozen report of a batch's approved applications (细则第五条); a correction is a new
    version pointing at the one it replaces."""

    batch = models.ForeignKey(
        "batches.Batch", verbose_name="批次", on_delete=models.PROTECT, related_name="data_reports"
    )
    version = models.PositiveIntegerField("版本")
    previous = models.ForeignKey(
        "self",
        verbose_name="上一版本",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    summary = models.JSONField("按职业等级汇总", default=list)
    rows = models.JSONField("名单", default=list)
    note = models.TextField("更正说明", blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上报人", on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField("上报时间", auto_now_add=True)

    class Meta:
        verbose_name = "考生数据上报"
        verbose_name_plural = "考生数据上报"
        ordering = ["batch_id", "version"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "version"], name="data_report_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.batch} 第{self.version}版"

    @property
    def agency(self):
        return self.batch.agency


class Publicity(Publication):
    """The public list of a batch's reported candidates (细则第五条), open for objections."""

    batch = models.ForeignKey(
        "batches.Batch", verbose_name="批次", on_delete=models.PROTECT, related_name="publicities"
    )
    report = models.ForeignKey(
        DataReport, verbose_name="依据的上报版本", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "考生名单公示"
        verbose_name_plural = "考生名单公示"
        ordering = ["-starts_on"]
        constraints = [ends_after_start("publicity_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.batch} 考生名单公示"

    @property
    def agency(self):
        return self.batch.agency


class Objection(ObjectionBase):
    """An objection raised by the public during a publicity period."""

    publicity = models.ForeignKey(
        Publicity, verbose_name="公示", on_delete=models.PROTECT, related_name="objections"
    )

    class Meta:
        verbose_name = "公示异议"
        verbose_name_plural = "公示异议"
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.publicity} 异议 {self.pk}"

    @property
    def agency(self):
        return self.publicity.batch.agency


class RegistrationImport(models.Model):
    """One uploaded cohort spreadsheet: its validation result and, once valid, its import job."""

    agency = models.ForeignKey(
        "orgs.Agency", verbose_name="评价机构", on_delete=models.PROTECT, related_name="+"
    )
    batch = models.ForeignKey(
        "batches.Batch", verbose_name="批次", on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField("文件", upload_to="registration/imports/%Y/%m/")
    original_name = models.CharField("原文件名", max_length=200)
    sha256 = models.CharField("SHA-256", max_length=64)
    row_count = models.PositiveIntegerField("行数", default=0)
    # The first errors only (settings.TABULAR["max_errors"]); error_count counts them all.
    errors = models.JSONField("错误", default=list, blank=True)
    error_count = models.PositiveIntegerField("错误数", default=0)
    # A large file is checked by the worker: until then it is not validated and cannot be imported.
    validated = models.BooleanField("已校验", default=True)
    validation_job = models.ForeignKey(
        "jobs.Job",
        verbose_name="校验任务",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_count = models.PositiveIntegerField("新建申报数", default=0)
    job = models.ForeignKey(
        "jobs.Job",
        verbose_name="后台任务",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "批量报名导入"
        verbose_name_plural = "批量报名导入"
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.original_name

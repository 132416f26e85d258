"""Versioned rule sets. Version 1 is 桂职鉴字〔2021〕1号; a revision is a new row, never an edit.

Each object that follows the rules (a batch, for one) pins the version in force when it was
created (``PinsRuleSet``), so activating a new version changes nothing already planned.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from skillcert.core.rules.parameters import definition


class RuleSetStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    ACTIVE = "active", "现行"
    SUPERSEDED = "superseded", "已被取代"


class RuleSet(models.Model):
    version = models.PositiveIntegerField("版本号", unique=True)
    document_number = models.CharField("文号", max_length=60, help_text="如 桂职鉴字〔2021〕1号")
    title = models.CharField("文件名称", max_length=200)
    effective_from = models.DateField("施行日期")
    status = models.CharField(
        "状态", max_length=16, choices=RuleSetStatus.choices, default=RuleSetStatus.DRAFT
    )
    counts_regional_holidays = models.BooleanField(
        "计入广西地方节假日",
        default=True,
        help_text="壮族三月三等自治区放假日是否视为非工作日",
    )
    parameters = models.JSONField("参数", default=dict)
    based_on = models.ForeignKey(
        "self",
        verbose_name="依据版本",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revisions",
    )
    note = models.TextField("修订说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    activated_at = models.DateTimeField("启用时间", null=True, blank=True)

    class Meta:
        verbose_name = "规则版本"
        verbose_name_plural = "规则版本"
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"第{self.version}版 {self.document_number}"

    @property
    def status_tone(self) -> str:
        return {"active": "success", "draft": "warning"}.get(self.status, "neutral")

    def param(self, key: str) -> Any:
        """The value of one parameter; the registry default when this set predates the parameter.

        An unknown key raises ``UnknownParameter`` (a LookupError) naming the known keys.
        """
        spec = definition(key)
        return self.parameters.get(key, spec.default)


class PinsRuleSet(models.Model):
    """Mixin for objects planned under one rule-set version (a batch, for one).

    Fill ``rule_set`` with ``skillcert.core.rules.selectors.pin_current_rule_set`` when creating.
    PROTECT: a version that anything follows cannot be deleted.
    """

    rule_set = models.ForeignKey(
        RuleSet,
        verbose_name="规则版本",
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_set",
    )

    class Meta:
        abstract = True

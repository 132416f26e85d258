"""Abstract bases of a publication and of an objection against it.

A stage's concrete models subclass these and add what ties them to the stage (the batch, the data
report, the score report) and their own ``Meta``. The bases add no table of their own, so moving a
model onto them changes no schema as long as the field definitions stay the same.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q


class ObjectionState(models.TextChoices):
    OPEN = "open", "待处理"
    ANSWERED = "answered", "已答复"


def ends_after_start(name: str) -> models.CheckConstraint:
    """The period check every concrete publication declares in its ``Meta.constraints`` (the name
    is the concrete model's, since constraint names are unique per database)."""
    return models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name=name)


class Publication(models.Model):
    """A list made public from ``starts_on`` to ``ends_on`` inclusive (a period of working days,
    ``period.publicity_period``), by whom and when."""

    starts_on = models.DateField("公示开始")
    ends_on = models.DateField("公示结束")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发布人", on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField("发布时间", auto_now_add=True)

    class Meta:
        abstract = True

    def is_open_on(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def has_ended_by(self, day: date) -> bool:
        return self.ends_on < day


class ObjectionBase(models.Model):
    """An objection raised by the public during a publication's period, and the answer to it.

    The concrete model adds the foreign key to its publication and names it in
    ``PUBLICATION_FIELD``."""

    PUBLICATION_FIELD: ClassVar[str] = "publicity"

    name = models.CharField("异议人姓名", max_length=50)
    contact = models.CharField("联系方式", max_length=100)
    content = models.TextField("异议内容")
    state = models.CharField(
        "状态", max_length=16, choices=ObjectionState.choices, default=ObjectionState.OPEN
    )
    answer = models.TextField("答复", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)
    ip = models.CharField("来源 IP", max_length=64, blank=True)

    class Meta:
        abstract = True

    @property
    def is_answered(self) -> bool:
        return self.state == ObjectionState.ANSWERED

"""细则第十条: a requested change of time or place, and its decision."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from skillcert.batches.models.plan import Batch, BatchLevel, Room, Session, Site

# --- 细则第十条: changes of time or place ---------------------------------------------------------


class ChangeState(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已同意"
    REJECTED = "rejected", "未同意"
    WITHDRAWN = "withdrawn", "已撤回"


class ChangeKind(models.TextChoices):
    MOVE_SESSION = "move_session", "变更场次时间地点"
    ADD_SESSION = "add_session", "增加场次"
    ADD_LEVEL = "add_level", "增加职业等级"


class ChangeRequest(models.Model):
    """A change of the plan after the announcement (细则第十条): a session moved in time or place,
    a session added for a subject, or a level added. Nothing changes until a supervisor agrees."""

    batch = models.ForeignKey(
        Batch, verbose_name="批次", on_delete=models.CASCADE, related_name="change_requests"
    )
    kind = models.CharField(
        "变更类型", max_length=16, choices=ChangeKind.choices, default=ChangeKind.MOVE_SESSION
    )
    session = models.ForeignKey(
        Session,
        verbose_name="场次",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="change_requests",
    )
    # An added session: the level and subject it is for (the level is already in the batch).
    batch_level = models.ForeignKey(
        BatchLevel,
        verbose_name="职业等级",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    subject = models.ForeignKey(
        "catalog.Subject",
        verbose_name="科目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # An added level.
    standard_level = models.ForeignKey(
        "catalog.StandardLevel",
        verbose_name="增加的职业等级",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    expected_candidates = models.PositiveIntegerField("预计人数", default=0)
    date = models.DateField("变更后日期", null=True, blank=True)
    start_time = models.TimeField("变更后开始时间", null=True, blank=True)
    end_time = models.TimeField("变更后结束时间", null=True, blank=True)
    site = models.ForeignKey(
        Site,
        verbose_name="变更后考点",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rooms = models.ManyToManyField(Room, verbose_name="变更后考场", related_name="+", blank=True)
    reason = models.TextField("变更原因")
    state = models.CharField(
        "状态", max_length=16, choices=ChangeState.choices, default=ChangeState.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True)
    # The session as it was when a move was requested: date, times, site and rooms by id and name.
    before = models.JSONField("变更前", default=dict)

    class Meta:
        verbose_name = "考务变更申请"
        verbose_name_plural = "考务变更申请"
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__isnull=True)
                | Q(start_time__isnull=True)
                | Q(end_time__gt=F("start_time")),
                name="change_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(
                    kind="move_session",
                    session__isnull=False,
                    date__isnull=False,
                    start_time__isnull=False,
                    end_time__isnull=False,
                    site__isnull=False,
                )
                | Q(
                    kind="add_session",
                    batch_level__isnull=False,
                    subject__isnull=False,
                    date__isnull=False,
                    start_time__isnull=False,
                    end_time__isnull=False,
                    site__isnull=False,
                )
                | Q(kind="add_level", standard_level__isnull=False),
                name="change_kind_has_its_fields",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.batch.code} {self.get_kind_display()}"

    @property
    def before_date(self) -> date | None:
        """The session's date before a move, from the snapshot (kept as ISO text)."""
        return date.fromisoformat(self.before["date"]) if self.before.get("date") else None

    @property
    def subject_label(self) -> str:
        """What the change is about, in words: the subject moved or added, or the level added."""
        if self.kind == ChangeKind.ADD_LEVEL:
            return f"增加职业等级：{self.standard_level}"
        if self.kind == ChangeKind.ADD_SESSION:
            return f"增加场次：{self.batch_level} · {self.subject.get_kind_display()}"
        return f"{self.session.batch_level} · {self.session.subject.get_kind_display()}"

    @property
    def agency(self):  # the owning agency, for tenancy checks and the audit trail
        return self.batch.agency

"""The staff registry and the arrangement of a batch: seats, staff and ticket numbers (细则第六条、
第十一条). The solver (``solver/``) computes; these tables keep what it decided and what was moved
by hand."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from skillcert.arrangement.solver.model import RELATION_LABELS, ROLE_LABELS


class StaffRoleChoice(models.TextChoices):
    EXAM_AFFAIRS_LEAD = "exam_affairs_lead", ROLE_LABELS["exam_affairs_lead"]
    EXAM_AFFAIRS = "exam_affairs", ROLE_LABELS["exam_affairs"]
    EXAMINER = "examiner", ROLE_LABELS["examiner"]
    SENIOR_EXAMINER = "senior_examiner", ROLE_LABELS["senior_examiner"]
    INVIGILATOR = "invigilator", ROLE_LABELS["invigilator"]
    TECHNICIAN = "technician", ROLE_LABELS["technician"]
    INTERNAL_SUPERVISOR = "internal_supervisor", ROLE_LABELS["internal_supervisor"]


class RelationKindChoice(models.TextChoices):
    RELATIVE = "relative", RELATION_LABELS["relative"]
    COLLEAGUE = "colleague", RELATION_LABELS["colleague"]
    TRAINER = "trainer", RELATION_LABELS["trainer"]


class StaffMember(models.Model):
    """A person who may serve the agency's exams, employee or not."""

    agency = models.ForeignKey(
        "orgs.Agency", verbose_name="评价机构", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("姓名", max_length=50)
    employer = models.CharField("工作单位", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    roles = models.JSONField("可担任角色", default=list)
    taught_classes = models.JSONField("授课培训班", default=list, blank=True)
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "考务人员"
        verbose_name_plural = "考务人员"
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def role_labels(self) -> list[str]:
        return [StaffRoleChoice(r).label for r in self.roles if r in StaffRoleChoice.values]


class StaffCredential(models.Model):
    """A 考评员 card: occupations (codes) and levels covered, and its validity (持证上岗)."""

    member = models.ForeignKey(
        StaffMember, verbose_name="人员", on_delete=models.CASCADE, related_name="credentials"
    )
    number = models.CharField("证书编号", max_length=60)
    occupations = models.JSONField("适用职业（编码）", default=list)
    levels = models.JSONField("适用等级", default=list)
    valid_from = models.DateField("有效期起")
    valid_to = models.DateField("有效期止")

    class Meta:
        verbose_name = "考评员证书"
        verbose_name_plural = "考评员证书"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__gte=models.F("valid_from")),
                name="staff_credential_valid_range",
            )
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def agency(self):  # the owning agency, for the audit trail
        return self.member.agency


class StaffRelation(models.Model):
    """A declared relation with a candidate (by name) or an organisation (回避)."""

    member = models.ForeignKey(
        StaffMember, verbose_name="人员", on_delete=models.CASCADE, related_name="relations"
    )
    kind = models.CharField("关系", max_length=16, choices=RelationKindChoice.choices)
    candidate_name = models.CharField("考生姓名", max_length=50, blank=True)
    organisation = models.CharField("单位名称", max_length=200, blank=True)

    class Meta:
        verbose_name = "回避关系"
        verbose_name_plural = "回避关系"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.candidate_name or self.organisation}"

    @property
    def agency(self):
        return self.member.agency


class StaffAvailability(models.Model):
    member = models.ForeignKey(
        StaffMember, verbose_name="人员", on_delete=models.CASCADE, related_name="availability"
    )
    day = models.DateField("可服务日期")

    class Meta:
        verbose_name = "可服务日期"
        verbose_name_plural = "可服务日期"
        constraints = [
            models.UniqueConstraint(fields=["member", "day"], name="staff_availability_unique")
        ]

    def __str__(self) -> str:
        return self.day.isoformat()


class ArrangementState(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"


class Arrangement(models.Model):
    """A batch's arrangement: one per batch, re-solved while a draft."""

    batch = models.OneToOneField(
        "batches.Batch", verbose_name="批次", on_delete=models.CASCADE, related_name="arrangement"
    )
    state = models.CharField(
        "状态", max_length=16, choices=ArrangementState.choices, default=ArrangementState.DRAFT
    )
    solved_at = models.DateTimeField("编排时间", null=True, blank=True)
    job = models.ForeignKey(
        "jobs.Job",
        verbose_name="编排任务",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    quality = models.JSONField("编排质量", default=dict, blank=True)
    problems = models.JSONField("问题", default=list, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "考场考务编排"
        verbose_name_plural = "考场考务编排"

    def __str__(self) -> str:
        return f"{self.batch} 编排"

    @property
    def agency(self):
        return self.batch.agency

    @property
    def is_published(self) -> bool:
        return self.state == ArrangementState.PUBLISHED


class SeatAssignment(models.Model):
    """A candidate's seat for one session; ``pinned`` when moved by hand (kept on re-solve)."""

    arrangement = models.ForeignKey(
        Arrangement, verbose_name="编排", on_delete=models.CASCADE, related_name="seats"
    )
    application = models.ForeignKey(
        "registration.Application", verbose_name="申报", on_delete=models.PROTECT, related_name="+"
    )
    session = models.ForeignKey(
        "batches.Session", verbose_name="场次", on_delete=models.PROTECT, related_name="+"
    )
    room = models.ForeignKey(
        "batches.Room", verbose_name="考场", on_delete=models.PROTECT, related_name="+"
    )
    seat = models.PositiveIntegerField("座号")
    ticket_number = models.CharField("准考证号", max_length=60, blank=True)
    pinned = models.BooleanField("人工调整", default=False)

    class Meta:
        verbose_name = "考生座位"
        verbose_name_plural = "考生座位"
        ordering = ["session_id", "room_id", "seat"]
        constraints = [
            models.UniqueConstraint(
                fields=["arrangement", "application", "session"], name="seat_one_per_sitting"
            ),
            models.UniqueConstraint(
                fields=["arrangement", "session", "room", "seat"], name="seat_taken_once"
            ),
        ]

    def __str__(self) -> str:
        return self.ticket_number or f"座位{self.seat}"

    @property
    def agency(self):
        return self.arrangement.batch.agency


class StaffAssignment(models.Model):
    """A person in a role at a post: a room in a session, a whole session, or a site."""

    arrangement = models.ForeignKey(
        Arrangement, verbose_name="编排", on_delete=models.CASCADE, related_name="staff"
    )
    session = models.ForeignKey(
        "batches.Session",
        verbose_name="场次",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    room = models.ForeignKey(
        "batches.Room",
        verbose_name="考场",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    site = models.ForeignKey(
        "batches.Site",
        verbose_name="考点",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    day = models.DateField("日期", null=True, blank=True)
    role = models.CharField("角色", max_length=24, choices=StaffRoleChoice.choices)
    member = models.ForeignKey(
        StaffMember, verbose_name="人员", on_delete=models.PROTECT, related_name="assignments"
    )

    class Meta:
        verbose_name = "考务人员安排"
        verbose_name_plural = "考务人员安排"
        ordering = ["session_id", "room_id", "role"]

    def __str__(self) -> str:
        return self.get_role_display()

    @property
    def agency(self):
        return self.arrangement.batch.agency


class IssuedTicketNumber(models.Model):
    """Every ticket number ever issued by an agency; never deleted, so none is given twice."""

    agency = models.ForeignKey(
        "orgs.Agency", verbose_name="评价机构", on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField("准考证号", max_length=60, unique=True)
    issued_at = models.DateTimeField("发放时间", auto_now_add=True)

    class Meta:
        verbose_name = "已发放准考证号"
        verbose_name_plural = "已发放准考证号"

    def __str__(self) -> str:
        return self.number

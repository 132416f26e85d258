"""细则第八条、第九条: the checklists of sites and rooms, their confirmations and room seals."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from skillcert.batches.models.plan import Batch, Room, RoomType, Site

# --- 细则第八条、第九条: site readiness and room sealing ------------------------------------


class ChecklistScope(models.TextChoices):
    SITE = "site", "考点"
    ROOM = "room", "考场"


class ChecklistItem(models.Model):
    """One thing to prepare, as the rules list it: per site (第八条) or per room type (第九条).

    Seeded by a migration; the provincial operator may add rows in the admin.
    """

    key = models.SlugField("代码", max_length=40, unique=True)
    scope = models.CharField("范围", max_length=8, choices=ChecklistScope.choices)
    room_type = models.CharField(
        "考场类型", max_length=16, choices=RoomType.choices, blank=True, help_text="考场项目必填"
    )
    label = models.CharField("检查项", max_length=100)
    article = models.CharField("依据", max_length=40)
    ordinal = models.PositiveSmallIntegerField("顺序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "考点考场检查项"
        verbose_name_plural = "考点考场检查项"
        ordering = ["scope", "room_type", "ordinal", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope="site", room_type="") | (Q(scope="room") & ~Q(room_type="")),
                name="checklist_room_type_for_room_items",
            )
        ]

    def __str__(self) -> str:
        return self.label


class ReadinessTick(models.Model):
    """A checklist item confirmed for one site or one room of one batch, by a named person."""

    batch = models.ForeignKey(
        Batch, verbose_name="批次", on_delete=models.CASCADE, related_name="readiness_ticks"
    )
    item = models.ForeignKey(
        ChecklistItem, verbose_name="检查项", on_delete=models.PROTECT, related_name="+"
    )
    site = models.ForeignKey(Site, verbose_name="考点", on_delete=models.PROTECT, related_name="+")
    room = models.ForeignKey(
        Room, verbose_name="考场", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="确认人", on_delete=models.PROTECT, related_name="+"
    )
    ticked_at = models.DateTimeField("确认时间", auto_now_add=True)
    note = models.CharField("说明", max_length=200, blank=True)
    photo = models.FileField("照片", upload_to="readiness/%Y/%m/", blank=True)

    class Meta:
        verbose_name = "准备确认"
        verbose_name_plural = "准备确认"
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "item", "site"],
                condition=Q(room__isnull=True),
                name="readiness_tick_unique_site",
            ),
            models.UniqueConstraint(
                fields=["batch", "item", "room"],
                condition=Q(room__isnull=False),
                name="readiness_tick_unique_room",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.room or self.site}"

    @property
    def agency(self):  # the owning agency, for tenancy checks and the audit trail
        return self.batch.agency


class RoomSeal(models.Model):
    """A room sealed for a batch (细则第九条: 认定前1工作日完成考场布置并封场).

    Unsealing keeps the row, with who unsealed it, when and why.
    """

    batch = models.ForeignKey(
        Batch, verbose_name="批次", on_delete=models.CASCADE, related_name="room_seals"
    )
    room = models.ForeignKey(Room, verbose_name="考场", on_delete=models.PROTECT, related_name="+")
    sealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="封场人", on_delete=models.PROTECT, related_name="+"
    )
    sealed_at = models.DateTimeField("封场时间")
    unsealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="启封人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unsealed_at = models.DateTimeField("启封时间", null=True, blank=True)
    unseal_reason = models.TextField("启封原因", blank=True)

    class Meta:
        verbose_name = "封场记录"
        verbose_name_plural = "封场记录"
        ordering = ["-sealed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "room"],
                condition=Q(unsealed_at__isnull=True),
                name="room_seal_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.room} 封场"

    @property
    def agency(self):  # the owning agency, for tenancy checks and the audit trail
        return self.batch.agency

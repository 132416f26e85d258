"""Supervising centres (provincial, city) and the agencies they supervise."""

from __future__ import annotations

from django.db import models


class CentreLevel(models.TextChoices):
    PROVINCE = "province", "自治区"
    CITY = "city", "设区市"


class Centre(models.Model):
    """A 鉴定（指导）中心: the provincial centre or one of the 14 city centres."""

    level = models.CharField("层级", max_length=16, choices=CentreLevel.choices)
    name = models.CharField("名称", max_length=100, unique=True)
    city = models.CharField("城市", max_length=20, blank=True, help_text="设区市名称，如 南宁")
    region_code = models.CharField("行政区划代码", max_length=6, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级中心",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = "鉴定中心"
        verbose_name_plural = "鉴定中心"
        ordering = ["region_code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_province(self) -> bool:
        return self.level == CentreLevel.PROVINCE


class AgencyType(models.TextChoices):
    EMPLOYER = "Y", "用人单位"
    SOCIAL = "S", "社会培训评价组织"


class AgencyStatus(models.TextChoices):
    ACTIVE = "active", "正常"
    SUSPENDED = "suspended", "暂停"
    REVOKED = "revoked", "撤销"


class Agency(models.Model):
    """A registered 评价机构. Every agency-owned row elsewhere carries a foreign key to it."""

    name = models.CharField("机构名称", max_length=200)
    agency_type = models.CharField("机构类型", max_length=1, choices=AgencyType.choices)
    code = models.CharField("机构代码", max_length=32, unique=True)
    centre = models.ForeignKey(
        Centre,
        verbose_name="所属市鉴定中心",
        on_delete=models.PROTECT,
        related_name="agencies",
        limit_choices_to={"level": CentreLevel.CITY},
    )
    address = models.CharField("地址", max_length=200, blank=True)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    contact_email = models.EmailField("电子邮箱", blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=AgencyStatus.choices, default=AgencyStatus.ACTIVE
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "评价机构"
        verbose_name_plural = "评价机构"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def city(self) -> str:
        return self.centre.city


def optional_agency(*, related_name: str) -> models.ForeignKey:
    """The agency a row belongs to when it belongs to one: an event or a job of a centre's staff
    belongs to none. Kept, never cascaded: the row is the record of what happened."""
    return models.ForeignKey(
        "orgs.Agency",
        verbose_name="评价机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name=related_name,
    )

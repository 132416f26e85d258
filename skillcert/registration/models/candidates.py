"""Candidates as each agency records them, and the requests that link an account to a record."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from skillcert.core.identity.fields import EncryptedIdNumberMixin


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    GAT_RESIDENCE = "gat_residence", "港澳台居民居住证"
    FOREIGN_PERMANENT = "foreign_permanent", "外国人永久居留身份证"
    PASSPORT = "passport", "护照"


class Sex(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"


class EducationLevel(models.TextChoices):
    """文化程度 as the registration form lists it (DOMAIN.md §9.1)."""

    POSTGRADUATE = "postgraduate", "研究生"
    BACHELOR = "bachelor", "大学本科"
    COLLEGE = "college", "大学专科和专科学校"
    SECONDARY_SPECIALISED = "secondary_specialised", "中等专业学校"
    TECHNICAL_SCHOOL = "technical_school", "技工学校"
    HIGH_SCHOOL = "high_school", "高中"
    JUNIOR = "junior", "初中"
    PRIMARY = "primary", "小学"
    NONE = "none", "文盲或半文盲"


class CandidateSource(models.TextChoices):
    ENTERPRISE = "enterprise", "企业"
    GOVERNMENT = "government", "机关"
    PUBLIC = "public", "社会"
    STUDENT = "student", "学校（在校生）"
    MILITARY = "military", "军队"
    OTHER = "other", "其他"


class Candidate(EncryptedIdNumberMixin, models.Model):
    """A person as one agency knows them: what that agency (or the candidate, applying to it)
    entered. The same ID number at another agency is another row; ``id_number_hash`` still finds
    "the same person" across agencies for the duplicate checks, and nothing else crosses over.

    ``user`` is the self-service account that may act on this record: set when the candidate
    created it online, or after proof (a code to the phone on file, or the agency's desk).
    """

    agency = models.ForeignKey(
        "orgs.Agency",
        verbose_name="评价机构",
        on_delete=models.PROTECT,
        related_name="candidates",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="账户",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="candidate_records",
    )
    id_type = models.CharField(
        "证件类型", max_length=24, choices=IdType.choices, default=IdType.RESIDENT_ID
    )
    name = models.CharField("姓名", max_length=50)
    sex = models.CharField("性别", max_length=8, choices=Sex.choices)
    birth_date = models.DateField("出生日期")
    ethnicity = models.CharField("民族", max_length=20)
    education = models.CharField("文化程度", max_length=24, choices=EducationLevel.choices)
    phone = models.CharField("手机号码", max_length=20)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通讯地址", max_length=200)
    source = models.CharField("考生来源", max_length=16, choices=CandidateSource.choices)
    employer = models.CharField("工作单位", max_length=200, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "考生"
        verbose_name_plural = "考生"
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "id_number_hash"],
                condition=~Q(id_number_hash=""),
                name="candidate_unique_id_number_per_agency",
            )
        ]

    def __str__(self) -> str:
        return self.name


class LinkState(models.TextChoices):
    PENDING = "pending", "待验证"
    LINKED = "linked", "已关联"
    LOCKED = "locked", "已锁定"


class CandidateLinkRequest(models.Model):
    """An account asking to act on an agency's existing candidate record it did not create.

    The proof is a one-time code sent to the phone on file for the record (only its hash is
    kept), or the agency's desk checking the ID card in person.
    """

    candidate = models.ForeignKey(
        Candidate, verbose_name="考生记录", on_delete=models.CASCADE, related_name="link_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申请关联的账户",
        on_delete=models.CASCADE,
        related_name="candidate_link_requests",
    )
    state = models.CharField(
        "状态", max_length=16, choices=LinkState.choices, default=LinkState.PENDING
    )
    code_hash = models.CharField("验证码哈希", max_length=64, blank=True)
    code_expires_at = models.DateTimeField("验证码有效期至", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("本验证码已尝试次数", default=0)
    sends = models.PositiveSmallIntegerField("已发送次数", default=0)
    last_sent_at = models.DateTimeField("最近发送时间", null=True, blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    linked_at = models.DateTimeField("关联时间", null=True, blank=True)

    class Meta:
        verbose_name = "考生账户关联申请"
        verbose_name_plural = "考生账户关联申请"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "user"],
                condition=Q(state="pending"),
                name="link_request_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.candidate_id}"

    @property
    def agency(self):  # audit events about a request belong to the record's agency
        return self.candidate.agency

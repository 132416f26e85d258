"""Users and the roles they hold in organisations."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from skillcert.core.orgs.models import Agency, Centre


class User(AbstractUser):
    """A person who logs in. What they may do comes from their memberships, never from flags."""

    full_name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("手机号码", max_length=20, blank=True)
    must_change_password = models.BooleanField("下次登录须修改密码", default=False)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class Role(models.TextChoices):
    PROVINCIAL_SUPERVISOR = "provincial_supervisor", "自治区鉴定中心监管员"
    CITY_SUPERVISOR = "city_supervisor", "市鉴定中心监管员"
    EXTERNAL_SUPERVISOR = "external_supervisor", "外部督导员"
    AGENCY_ADMIN = "agency_admin", "机构管理员"
    AGENCY_HEAD = "agency_head", "机构负责人"
    EXAM_AFFAIRS_LEAD = "exam_affairs_lead", "考务负责人"
    EXAM_AFFAIRS_STAFF = "exam_affairs_staff", "考务人员"
    EXAMINER = "examiner", "考评员"
    INVIGILATOR = "invigilator", "监考员"
    TECHNICIAN = "technician", "技术员"
    INTERNAL_SUPERVISOR = "internal_supervisor", "内部督导员"
    CANDIDATE = "candidate", "考生"


CENTRE_ROLES = frozenset(
    {Role.PROVINCIAL_SUPERVISOR, Role.CITY_SUPERVISOR, Role.EXTERNAL_SUPERVISOR}
)
AGENCY_ROLES = frozenset(
    {
        Role.AGENCY_ADMIN,
        Role.AGENCY_HEAD,
        Role.EXAM_AFFAIRS_LEAD,
        Role.EXAM_AFFAIRS_STAFF,
        Role.EXAMINER,
        Role.INVIGILATOR,
        Role.TECHNICIAN,
        Role.INTERNAL_SUPERVISOR,
    }
)
# Roles that sign in with a password plus a TOTP code when settings.REQUIRE_SECOND_FACTOR is on:
# those who open accounts, sign off batches or oversee other agencies (SECURITY.md CHK-1.1).
SECOND_FACTOR_ROLES = frozenset(
    {
        Role.AGENCY_ADMIN,
        Role.AGENCY_HEAD,
        Role.EXAM_AFFAIRS_LEAD,
        Role.INTERNAL_SUPERVISOR,
        *CENTRE_ROLES,
    }
)


class Membership(models.Model):
    """One role held by one user in one organisation (a centre or an agency).

    A candidate's membership has no organisation: candidates belong to no agency; their
    applications do.
    """

    user = models.ForeignKey(
        User, verbose_name="用户", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("角色", max_length=32, choices=Role.choices)
    centre = models.ForeignKey(
        Centre,
        verbose_name="鉴定中心",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name="评价机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    is_active = models.BooleanField("有效", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "角色任职"
        verbose_name_plural = "角色任职"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "agency"],
                condition=Q(agency__isnull=False),
                name="membership_unique_agency_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "centre"],
                condition=Q(centre__isnull=False),
                name="membership_unique_centre_role",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(role="candidate"),
                name="membership_unique_candidate",
            ),
            models.CheckConstraint(
                name="membership_org_matches_role",
                condition=(
                    Q(
                        role__in=sorted(r.value for r in CENTRE_ROLES),
                        centre__isnull=False,
                        agency__isnull=True,
                    )
                    | Q(
                        role__in=sorted(r.value for r in AGENCY_ROLES),
                        agency__isnull=False,
                        centre__isnull=True,
                    )
                    | Q(role=Role.CANDIDATE, agency__isnull=True, centre__isnull=True)
                ),
            ),
        ]

    def __str__(self) -> str:
        org = self.organisation
        return f"{self.get_role_display()} · {org}" if org else self.get_role_display()

    @property
    def organisation(self) -> Centre | Agency | None:
        return self.agency or self.centre


class PasswordHistory(models.Model):
    """Hashes of a user's earlier passwords, so that a new password cannot repeat one of them."""

    user = models.ForeignKey(
        User, verbose_name="用户", on_delete=models.CASCADE, related_name="password_history"
    )
    password = models.CharField("密码哈希", max_length=128)
    created_at = models.DateTimeField("设置时间", auto_now_add=True)

    class Meta:
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d}"

"""The catalogue: occupations, their standards (editions), the levels each offers, the subjects of
each level, the eligibility clauses (申报条件) of each level, and each agency's registered scope.

Every number an exam needs per standard and level (durations, pass marks, staffing ratios) lives
here as data, overriding the rule set's defaults where the standard says otherwise.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Level(models.IntegerChoices):
    FIVE = 5, "五级/初级工"
    FOUR = 4, "四级/中级工"
    THREE = 3, "三级/高级工"
    TWO = 2, "二级/技师"
    ONE = 1, "一级/高级技师"


class Occupation(models.Model):
    """A 职业 of 国家职业分类大典, e.g. 6-31-01-03 电工."""

    code = models.CharField("职业编码", max_length=20, unique=True, help_text="如 6-31-01-03")
    name = models.CharField("职业名称", max_length=100)

    class Meta:
        verbose_name = "职业"
        verbose_name_plural = "职业"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class Trade(models.Model):
    """An optional 工种 of an occupation, e.g. 焊工 / 电焊工."""

    occupation = models.ForeignKey(
        Occupation, verbose_name="职业", on_delete=models.PROTECT, related_name="trades"
    )
    name = models.CharField("工种名称", max_length=100)
    code = models.CharField("工种编码", max_length=20, blank=True)

    class Meta:
        verbose_name = "工种"
        verbose_name_plural = "工种"
        constraints = [
            models.UniqueConstraint(fields=["occupation", "name"], name="trade_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.occupation.name}/{self.name}"


class StandardSource(models.TextChoices):
    NATIONAL = "national", "国家职业技能标准"
    INDUSTRY = "industry", "行业企业评价规范（备案）"
    ENTERPRISE = "enterprise", "企业评价规范（备案）"


class StandardStatus(models.TextChoices):
    ACTIVE = "active", "现行"
    SUPERSEDED = "superseded", "已被替代"


class Standard(models.Model):
    """One edition of the standard (or registered evaluation specification) for an occupation."""

    occupation = models.ForeignKey(
        Occupation, verbose_name="职业", on_delete=models.PROTECT, related_name="standards"
    )
    trade = models.ForeignKey(
        Trade,
        verbose_name="工种",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="standards",
    )
    title = models.CharField("标准名称", max_length=200)
    edition = models.CharField("版本", max_length=40, help_text="如 2018年版")
    source = models.CharField(
        "来源", max_length=16, choices=StandardSource.choices, default=StandardSource.NATIONAL
    )
    document_number = models.CharField("发布文号", max_length=100, blank=True)
    basic_education = models.CharField("基本文化程度", max_length=100, blank=True)
    related_occupations = models.TextField("相关职业", blank=True)
    related_majors = models.TextField("本专业或相关专业", blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=StandardStatus.choices, default=StandardStatus.ACTIVE
    )
    # What of this row is confirmed from the published standard and what is a stated assumption.
    notes = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "职业技能标准"
        verbose_name_plural = "职业技能标准"
        ordering = ["occupation__code", "-edition"]
        constraints = [
            models.UniqueConstraint(
                fields=["occupation", "edition"],
                condition=Q(trade__isnull=True),
                name="standard_unique_edition",
            ),
            models.UniqueConstraint(
                fields=["trade", "edition"],
                condition=Q(trade__isnull=False),
                name="standard_unique_trade_edition",
            ),
        ]

    def __str__(self) -> str:
        name = self.trade.name if self.trade_id else self.occupation.name
        return f"{name}（{self.edition}）"


def default_required_materials() -> list[str]:
    """细则第三条: every application carries the ID card (both sides) and a one-inch photo; the
    codes are registration's material kinds (身份证人像面、身份证国徽面、一寸白底证件照)."""
    return ["id_front", "id_back", "photo"]


class StandardLevel(models.Model):
    """A level that a standard offers (not every standard offers all five)."""

    standard = models.ForeignKey(
        Standard, verbose_name="标准", on_delete=models.PROTECT, related_name="levels"
    )
    level = models.PositiveSmallIntegerField("等级", choices=Level.choices)
    # Materials an application to this level must carry before it is submitted online and before
    # it is approved (细则第三条); evidence of declared education, training and earlier
    # certificates is required on top of these, see registration.materials.
    required_materials = models.JSONField(
        "必交材料", default=default_required_materials, blank=True
    )

    class Meta:
        verbose_name = "标准等级"
        verbose_name_plural = "标准等级"
        ordering = ["standard_id", "-level"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "level"], name="standard_level_unique"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="level_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.standard} {self.get_level_display()}"


class SubjectKind(models.TextChoices):
    THEORY = "theory", "理论知识考试"
    SKILL = "skill", "操作技能考核"
    REVIEW = "review", "综合评审"


class SubjectMode(models.TextChoices):
    WRITTEN = "written", "笔试"
    CBT = "cbt", "机考"
    ON_SITE = "on_site", "现场操作"
    SIMULATED = "simulated", "模拟操作"
    REVIEW_DEFENCE = "review_defence", "审阅+答辩"


class Subject(models.Model):
    """A subject of a level, with the numbers the standard sets for it."""

    standard_level = models.ForeignKey(
        StandardLevel, verbose_name="标准等级", on_delete=models.PROTECT, related_name="subjects"
    )
    kind = models.CharField("科目", max_length=16, choices=SubjectKind.choices)
    mode = models.CharField("方式", max_length=16, choices=SubjectMode.choices)
    min_duration_minutes = models.PositiveIntegerField("最短时长（分钟）")
    full_mark = models.PositiveSmallIntegerField("满分", default=100)
    pass_mark = models.PositiveSmallIntegerField("合格分", default=60)
    # Staffing as the standard sets it; blank means the rule set's default.
    candidates_per_invigilator = models.PositiveSmallIntegerField(
        "每名监考员对应考生数", null=True, blank=True
    )
    min_invigilators_per_room = models.PositiveSmallIntegerField(
        "每考场最少监考员", null=True, blank=True
    )
    candidates_per_assessor = models.PositiveSmallIntegerField(
        "每名考评员对应考生数", null=True, blank=True
    )
    min_assessors = models.PositiveSmallIntegerField("最少考评员（奇数）", null=True, blank=True)

    class Meta:
        verbose_name = "考核科目"
        verbose_name_plural = "考核科目"
        ordering = ["standard_level_id", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["standard_level", "kind"], name="subject_unique_kind"),
            models.CheckConstraint(
                condition=Q(pass_mark__lte=models.F("full_mark")), name="pass_mark_within_full"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.standard_level} {self.get_kind_display()}"


class EligibilityClause(models.Model):
    """One alternative of a level's 申报条件: a conjunction of typed conditions.

    ``conditions`` is a list of atoms (DOMAIN.md §6.4), e.g.
    ``[{"type": "holds_cert", "min_level": 4, "scope": "same_or_related"},
    {"type": "work_years", "min_years": 5, "scope": "same_or_related", "since": "cert"}]``.
    ``text`` keeps the standard's literal wording, shown to reviewers beside the verdict.
    """

    standard_level = models.ForeignKey(
        StandardLevel,
        verbose_name="标准等级",
        on_delete=models.PROTECT,
        related_name="eligibility_clauses",
    )
    ordinal = models.PositiveSmallIntegerField("序号")
    # The standard's own number, e.g. "(2)"; one numbered item that says "或" is stored as two
    # clauses ("(2)之一", "(2)之二") so that each clause stays a plain conjunction.
    label = models.CharField("原文编号", max_length=20, blank=True)
    text = models.TextField("原文")
    conditions = models.JSONField("条件", default=list)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "申报条件"
        verbose_name_plural = "申报条件"
        ordering = ["standard_level_id", "ordinal"]
        constraints = [
            models.UniqueConstraint(
                fields=["standard_level", "ordinal"], name="eligibility_clause_unique_ordinal"
            )
        ]

    def __str__(self) -> str:
        return f"{self.standard_level} 条件({self.ordinal})"


class AgencyScope(models.Model):
    """A (standard, level) that an agency is registered (备案) to certify, with validity dates."""

    agency = models.ForeignKey(
        "orgs.Agency", verbose_name="评价机构", on_delete=models.PROTECT, related_name="scopes"
    )
    standard_level = models.ForeignKey(
        StandardLevel, verbose_name="标准等级", on_delete=models.PROTECT, related_name="scopes"
    )
    valid_from = models.DateField("生效日期")
    valid_until = models.DateField("截止日期", null=True, blank=True)
    document_number = models.CharField("备案文号", max_length=100, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField("登记时间", auto_now_add=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)

    class Meta:
        verbose_name = "备案范围"
        verbose_name_plural = "备案范围"
        ordering = ["agency_id", "standard_level_id", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="scope_valid_until_after_from",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.standard_level}"


class CatalogUpload(models.Model):
    """A catalogue workbook waiting for (or used by) an import job; the job reads it from here."""

    filename = models.CharField("文件名", max_length=200)
    content = models.BinaryField("内容")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "目录导入文件"
        verbose_name_plural = "目录导入文件"

    def __str__(self) -> str:
        return self.filename

"""Applications to a batch, their materials and the reviewers' decisions (细则第三、四条)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from skillcert.registration.models.candidates import Candidate


class ApplicationState(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待审核"
    RETURNED = "returned", "退回修改"
    APPROVED = "approved", "审核通过"
    REJECTED = "rejected", "审核未通过"
    WITHDRAWN = "withdrawn", "已撤回"


class Channel(models.TextChoices):
    ONLINE = "online", "网上报名"
    WINDOW = "window", "窗口报名"
    BULK = "bulk", "批量导入"


class Application(models.Model):
    """A candidate's 申报 for one occupation and level of one batch."""

    agency = models.ForeignKey(
        "orgs.Agency",
        verbose_name="评价机构",
        on_delete=models.PROTECT,
        related_name="applications",
    )
    batch = models.ForeignKey(
        "batches.Batch", verbose_name="批次", on_delete=models.PROTECT, related_name="applications"
    )
    batch_level = models.ForeignKey(
        "batches.BatchLevel",
        verbose_name="职业等级",
        on_delete=models.PROTECT,
        related_name="applications",
    )
    candidate = models.ForeignKey(
        Candidate, verbose_name="考生", on_delete=models.PROTECT, related_name="applications"
    )
    state = models.CharField(
        "状态", max_length=16, choices=ApplicationState.choices, default=ApplicationState.DRAFT
    )
    channel = models.CharField("报名方式", max_length=16, choices=Channel.choices)
    # The applicant's facts for the eligibility evaluator (skillcert.catalog.eligibility), as JSON:
    # work periods, prior certificates, education, current study, training hours.
    facts = models.JSONField("申报事实", default=dict, blank=True)
    claimed_clause = models.ForeignKey(
        "catalog.EligibilityClause",
        verbose_name="所选申报条件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # 新考 / 补考 per subject kind, e.g. {"theory": "new", "skill": "retake"}.
    exam_types = models.JSONField("考试类型", default=dict, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name="疑似重复申报",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    import_key = models.CharField("导入标识", max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)

    class Meta:
        verbose_name = "申报"
        verbose_name_plural = "申报"
        ordering = ["batch_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch_level", "candidate"], name="application_unique_per_level"
            )
        ]
        indexes = [models.Index(fields=["agency", "state"], name="application_agency_state")]

    def __str__(self) -> str:
        return f"{self.candidate} · {self.batch_level}"


class MaterialKind(models.TextChoices):
    ID_FRONT = "id_front", "身份证人像面"
    ID_BACK = "id_back", "身份证国徽面"
    PHOTO = "photo", "一寸白底证件照"
    EDUCATION = "education", "学历证书"
    TRAINING = "training", "培训合格证明"
    PRIOR_CERTIFICATE = "prior_certificate", "原职业资格/技能等级证书"
    ADMISSION_APPROVAL = "admission_approval", "招生录取审批表（在校生）"
    OTHER = "other", "其他材料"


class Material(models.Model):
    """An uploaded file, or a record that the material was verified online instead."""

    application = models.ForeignKey(
        Application, verbose_name="申报", on_delete=models.CASCADE, related_name="materials"
    )
    kind = models.CharField("材料类型", max_length=24, choices=MaterialKind.choices)
    file = models.FileField("文件", upload_to="registration/materials/%Y/%m/", blank=True)
    original_name = models.CharField("原文件名", max_length=200, blank=True)
    content_type = models.CharField("文件类型", max_length=100, blank=True)
    size = models.PositiveIntegerField("大小（字节）", default=0)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    verified_online = models.BooleanField("已在线核验", default=False)
    verified_where = models.CharField("核验途径", max_length=200, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="核验人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verified_at = models.DateTimeField("核验时间", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "申报材料"
        verbose_name_plural = "申报材料"
        ordering = ["application_id", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                name="material_file_or_verified",
                condition=~Q(file="") | Q(verified_online=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.get_kind_display()}"

    @property
    def agency(self):  # the owning agency, for tenancy checks and the audit trail
        return self.application.agency


class RejectionReason(models.Model):
    """The list a reviewer picks a refusal reason from (细则第四条), kept as data."""

    code = models.CharField("代码", max_length=40, unique=True)
    label = models.CharField("原因", max_length=200)
    is_active = models.BooleanField("启用", default=True)
    ordinal = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "审核不通过原因"
        verbose_name_plural = "审核不通过原因"
        ordering = ["ordinal", "code"]

    def __str__(self) -> str:
        return self.label


class Decision(models.TextChoices):
    APPROVED = "approved", "审核通过"
    REJECTED = "rejected", "审核未通过"
    RETURNED = "returned", "退回修改"


class ReviewDecision(models.Model):
    """One reviewer decision, with the evaluator's verdict it was made on (kept for the record)."""

    application = models.ForeignKey(
        Application, verbose_name="申报", on_delete=models.CASCADE, related_name="decisions"
    )
    decision = models.CharField("结论", max_length=16, choices=Decision.choices)
    reason = models.ForeignKey(
        RejectionReason,
        verbose_name="原因",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField("说明", blank=True)
    clause = models.ForeignKey(
        "catalog.EligibilityClause",
        verbose_name="符合的申报条件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    evaluation = models.JSONField("条件核对结果", default=dict, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("审核时间", auto_now_add=True)

    class Meta:
        verbose_name = "审核记录"
        verbose_name_plural = "审核记录"
        ordering = ["application_id", "decided_at", "id"]

    def __str__(self) -> str:
        return f"{self.application} · {self.get_decision_display()}"


class IdempotencyKey(models.Model):
    """An API client's key for one write (the ``Idempotency-Key`` header): the same key from the
    same account answers with the first result and writes nothing again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="账户", on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField("幂等键", max_length=100)
    scope = models.CharField("接口", max_length=100)
    response = models.JSONField("首次结果", default=dict)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "接口幂等键"
        verbose_name_plural = "接口幂等键"
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_unique_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"

"""Candidates, their applications to batches, materials, review decisions (细则第三、四条), the data
report and the candidate publicity with its objections (第五条), and bulk imports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from skillcert.core.identity.fields import EncryptedIdNumberMixin
from skillcert.core.publicity.models import (
    ObjectionBase,
    ObjectionState,  # noqa: F401 - re-exported: the app reads the states from its models
    Publication,
    ends_after_start,
)


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


class DataReport(models.Model):
    """The frozen report of a batch's approved applications (细则第五条); a correction is a new
    version pointing at the one it replaces."""

    batch = models.ForeignKey(
        "batches.Batch", verbose_name="批次", on_delete=models.PROTECT, related_name="data_reports"
    )
    version = models.PositiveIntegerField("版本")
    previous = models.ForeignKey(
        "self",
        verbose_name="上一版本",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    summary = models.JSONField("按职业等级汇总", default=list)
    rows = models.JSONField("名单", default=list)
    note = models.TextField("更正说明", blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上报人", on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField("上报时间", auto_now_add=True)

    class Meta:
        verbose_name = "考生数据上报"
        verbose_name_plural = "考生数据上报"
        ordering = ["batch_id", "version"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "version"], name="data_report_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.batch} 第{self.version}版"

    @property
    def agency(self):
        return self.batch.agency


class Publicity(Publication):
    """The public list of a batch's reported candidates (细则第五条), open for objections."""

    batch = models.ForeignKey(
        "batches.Batch", verbose_name="批次", on_delete=models.PROTECT, related_name="publicities"
    )
    report = models.ForeignKey(
        DataReport, verbose_name="依据的上报版本", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "考生名单公示"
        verbose_name_plural = "考生名单公示"
        ordering = ["-starts_on"]
        constraints = [ends_after_start("publicity_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.batch} 考生名单公示"

    @property
    def agency(self):
        return self.batch.agency


class Objection(ObjectionBase):
    """An objection raised by the public during a publicity period."""

    publicity = models.ForeignKey(
        Publicity, verbose_name="公示", on_delete=models.PROTECT, related_name="objections"
    )

    class Meta:
        verbose_name = "公示异议"
        verbose_name_plural = "公示异议"
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.publicity} 异议 {self.pk}"

    @property
    def agency(self):
        return self.publicity.batch.agency


class RegistrationImport(models.Model):
    """One uploaded cohort spreadsheet: its validation result and, once valid, its import job."""

    agency = models.ForeignKey(
        "orgs.Agency", verbose_name="评价机构", on_delete=models.PROTECT, related_name="+"
    )
    batch = models.ForeignKey(
        "batches.Batch", verbose_name="批次", on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField("文件", upload_to="registration/imports/%Y/%m/")
    original_name = models.CharField("原文件名", max_length=200)
    sha256 = models.CharField("SHA-256", max_length=64)
    row_count = models.PositiveIntegerField("行数", default=0)
    # The first errors only (settings.TABULAR["max_errors"]); error_count counts them all.
    errors = models.JSONField("错误", default=list, blank=True)
    error_count = models.PositiveIntegerField("错误数", default=0)
    # A large file is checked by the worker: until then it is not validated and cannot be imported.
    validated = models.BooleanField("已校验", default=True)
    validation_job = models.ForeignKey(
        "jobs.Job",
        verbose_name="校验任务",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_count = models.PositiveIntegerField("新建申报数", default=0)
    job = models.ForeignKey(
        "jobs.Job",
        verbose_name="后台任务",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "批量报名导入"
        verbose_name_plural = "批量报名导入"
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.original_name
